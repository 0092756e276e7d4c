import type { Namespace } from '../interfaces/socket-io.interface.js';
import type { AdapterFactory } from './redis.loader.js';

export interface AdapterGuard {
  /** Whether Redis can carry a request to the other instances now. */
  isReady(): boolean;
  /** The error a cross-instance request settles with when it cannot be carried. */
  unavailable(cause?: unknown): Error;
  /** What joining `rooms` of `namespace` still waits for (the sharded adapter subscribes to a channel per room). */
  joining?(namespace: string, rooms: ReadonlySet<string>): Promise<void> | undefined;
}

/**
 * A socket.io Redis adapter (pub/sub, sharded or streams), made to settle cross-instance requests (`fetchSockets`,
 * `allRooms`, `serverSideEmitWithAck`, all of which count the instances first) at once while Redis is away, instead
 * of hanging past their timeout. The adapter's clients are guarded clients (see guarded-client.ts).
 */
export function guardedAdapterFactory(factory: AdapterFactory, guard: AdapterGuard): AdapterFactory {
  const { isReady, unavailable, joining } = guard;
  // socket.io calls the factory with `new`: a function expression, not an arrow
  return function createGuardedRedisAdapter(nsp: Namespace) {
    const adapter = factory(nsp);
    const serverCount = adapter.serverCount.bind(adapter);
    adapter.serverCount = () => {
      if (!isReady()) return Promise.reject(unavailable());
      return serverCount().catch((error: unknown) => Promise.reject(unavailable(error)));
    };
    if (joining) {
      // socket.join() returns what addAll returns: `await socket.join(room)` then means other instances reach the room.
      const addAll = adapter.addAll.bind(adapter);
      adapter.addAll = (id, rooms) => {
        const added = addAll(id, rooms);
        const subscribed = joining(nsp.name, rooms);
        return subscribed ? Promise.resolve(added).then(() => subscribed) : added;
      };
    }
    return adapter;
  };
}
