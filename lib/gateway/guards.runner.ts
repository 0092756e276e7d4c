import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { isObservable, lastValueFrom } from 'rxjs';
import type { BoundInvoke } from '../interfaces/bound-handler.interface.js';
import { awaitResult } from '../utils/await-result.js';
import * as nest from './nest-internals.js';

type Method = (...args: unknown[]) => unknown;

/** The `ws` context's arguments (client, data, pattern) for one call of a bound method. */
export type ContextArgs = (first: unknown, second: unknown, event?: string) => unknown[];

/**
 * Runs `guards` before the method as Nest's guards consumer does (in order; the first refusal throws Nest's
 * `ForbiddenException`), with no promise while each guard answers `true` or `false`: the method's result then takes
 * the same path as a method without guards. A guard that answers anything else (a promise, an observable) is
 * awaited with Nest's semantics, and so are the guards after it; the method's result is then awaited too.
 */
export function guardedInvoke(
  guards: readonly CanActivate[],
  instance: object,
  method: Method,
  contextArgs: ContextArgs,
): BoundInvoke {
  const classRef = instance.constructor;
  return (first, second, event) => {
    const context = nest.wsExecutionContext(contextArgs(first, second, event), classRef, method);
    for (let index = 0; index < guards.length; index++) {
      const answer = guards[index]!.canActivate(context);
      if (answer === true) continue;
      if (answer === false) throw nest.forbidden();
      return activateLater(answer, guards, index + 1, context).then(() =>
        awaitResult(method.call(instance, first, second)),
      );
    }
    return method.call(instance, first, second);
  };
}

/** Nest's `GuardsConsumer.tryActivate` from a guard whose answer is not a boolean on. */
async function activateLater(
  answer: unknown,
  guards: readonly CanActivate[],
  next: number,
  context: ExecutionContext,
): Promise<void> {
  if (!(await pick(answer))) throw nest.forbidden();
  for (let index = next; index < guards.length; index++) {
    const later = guards[index]!.canActivate(context);
    if (typeof later === 'boolean' ? !later : !(await pick(later))) throw nest.forbidden();
  }
}

/** Nest's `GuardsConsumer.pickResult`: a promise is awaited, an observable gives its last value. */
async function pick(answer: unknown): Promise<unknown> {
  const value = await answer;
  return isObservable(value) ? lastValueFrom(value) : value;
}
