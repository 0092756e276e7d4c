/** A value now, or later: security checks stay synchronous until a verifying method returns a promise. */
export type Maybe<T> = T | Promise<T>;

/** Continues synchronously when `value` is already there, so a settled check costs no promise. */
export function then<T, R>(value: Maybe<T>, next: (value: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
