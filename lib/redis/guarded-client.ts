/**
 * Methods whose promise the socket.io Redis adapter and emitter discard: a rejection there (Redis away) would be an
 * unhandled rejection, which ends a Node process. Every other member passes through unchanged.
 */
const FIRE_AND_FORGET = new Set<PropertyKey>([
  'publish',
  'sPublish',
  'subscribe',
  'pSubscribe',
  'sSubscribe',
  'unsubscribe',
  'pUnsubscribe',
  'sUnsubscribe',
  // the Redis Streams adapter stores a session when a client disconnects
  'set',
]);

/** Methods whose rejection the adapter handles itself: the failure is reported, then the promise rejects as before. */
const REPORTED = new Set<PropertyKey>(['xAdd']);

/** Receives what a fire-and-forget command failed with; its promise then resolves with `undefined`. */
export type CommandFailure = (command: string, args: readonly unknown[], error: unknown) => void;

/**
 * A view of a Redis client in which the fire-and-forget commands never reject: their failures go to `onFailure`.
 * Methods are bound to the client itself, whose private fields a proxy receiver could not reach.
 */
export function guardClient<T extends object>(
  client: T,
  onFailure: CommandFailure,
  overrides: Partial<Record<PropertyKey, unknown>> = {},
): T {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'constructor') return value;
      if (!bound.has(property))
        bound.set(
          property,
          FIRE_AND_FORGET.has(property) || REPORTED.has(property)
            ? guarded(target, value, String(property), onFailure, REPORTED.has(property))
            : value.bind(target),
        );
      return bound.get(property);
    },
  });
}

function guarded(target: object, method: Function, command: string, onFailure: CommandFailure, rethrow: boolean) {
  return (...args: unknown[]): Promise<unknown> => {
    const report = (error: unknown) => {
      onFailure(command, args, error);
      if (rethrow) throw error;
      return undefined;
    };
    try {
      return Promise.resolve(method.apply(target, args)).catch(report);
    } catch (error) {
      return Promise.resolve().then(() => report(error));
    }
  };
}
