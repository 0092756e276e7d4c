/**
 * `promise`, or what `late()` gives when it has not settled within `ms` milliseconds; what it settles to after that
 * is ignored. The timer is cleared as soon as the promise settles, so none outlives the call it guards.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, late: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(late()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
