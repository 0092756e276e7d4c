import { isObservable, lastValueFrom } from 'rxjs';

/** A value now, or later: checks and handlers stay synchronous until a method returns a promise. */
export type Maybe<T> = T | Promise<T>;

/** Continues synchronously when `value` is already there, so a settled check costs no promise. */
export function then<T, R>(value: Maybe<T>, next: (value: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * What a bound method returned, as a value now or a promise of it: a thenable is awaited, an observable gives its
 * last value (none: `undefined`), anything else is the value itself, with no promise created.
 */
export function awaitResult(result: unknown): Maybe<unknown> {
  if (isObservable(result)) return lastValueFrom(result, { defaultValue: undefined });
  if (typeof (result as PromiseLike<unknown> | null | undefined)?.then === 'function') return Promise.resolve(result);
  return result;
}
