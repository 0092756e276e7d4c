import { ForbiddenException, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import type { ExternalContextCreator } from '@nestjs/core';
import { ExecutionContextHost, FORBIDDEN_MESSAGE } from '@nestjs/core/internal';

/**
 * The metadata keys Nest's enhancer and parameter decorators write (`@UseGuards`, `@UseFilters`, `@Catch`,
 * param decorators), read because no public export names them. This file is the only reader of Nest's internals
 * (these keys, `@nestjs/core/internal`, and what `ExternalContextCreator.create` does with a method's guards):
 * `peerDependencies` pins `@nestjs/common` and `@nestjs/core` to the minor range the suite runs against, and
 * test/layout/nest-internals.test.ts fails, naming the import, when Nest moves any of them.
 */
export {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  FILTER_CATCH_EXCEPTIONS,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/internal';

/**
 * The guards Nest would run before `instance[methodName]` on a `ws` context: global, class, then method, as
 * `ExternalContextCreator.create` resolves them (its own host-module key, inquirer and `GuardsContextCreator`).
 * Nest offers no call that returns them, so `create` runs on a view of the creator whose `createGuardsFn` (public in
 * Nest's types) keeps the list it is handed; nothing else of `create` changes. `undefined` when `create` no longer
 * hands the list over: the caller then keeps Nest's own path. test/layout/nest-internals.test.ts fails on that.
 */
export function guardsOf(
  creator: ExternalContextCreator,
  instance: object,
  methodName: string,
): CanActivate[] | undefined {
  let guards: CanActivate[] | undefined;
  const view = Object.create(creator, {
    createGuardsFn: {
      value: (found: CanActivate[]) => {
        guards = found;
        return null;
      },
    },
  }) as ExternalContextCreator;
  const method = (instance as Record<string, (...args: unknown[]) => unknown>)[methodName]!;
  view.create(
    instance as never,
    method,
    methodName,
    undefined,
    undefined,
    undefined,
    undefined,
    { guards: true, interceptors: false, filters: false },
    'ws',
  );
  return Array.isArray(guards) ? guards : undefined;
}

/** The execution context Nest's guards consumer builds for a `ws` call: `args` are client, data and pattern. */
export function wsExecutionContext(args: unknown[], classRef: Function, handler: Function): ExecutionContext {
  const context = new ExecutionContextHost(args, classRef as Type, handler);
  context.setType('ws');
  return context;
}

/** What Nest's external context throws when a guard refuses. */
export function forbidden(): ForbiddenException {
  return new ForbiddenException(FORBIDDEN_MESSAGE);
}
