import type { Adapter, Namespace } from '../interfaces/socket-io.interface.js';
import type { RedisAdapterClass } from './redis.loader.js';

export interface GuardedAdapterOptions {
  key: string;
  requestsTimeout: number;
  /** Whether Redis can carry a request to the other instances now. */
  isReady(): boolean;
  /** The error a cross-instance request settles with when it cannot be carried. */
  unavailable(cause?: unknown): Error;
}

/**
 * The socket.io Redis adapter, made to settle cross-instance requests (`fetchSockets`, `allRooms`,
 * `serverSideEmitWithAck`, all of which count the instances first) at once while Redis is away, instead of hanging
 * past their timeout. `pub` and `sub` are guarded clients (see guarded-client.ts).
 */
export function guardedAdapterFactory(
  RedisAdapter: RedisAdapterClass,
  pub: unknown,
  sub: unknown,
  options: GuardedAdapterOptions,
): (nsp: Namespace) => Adapter {
  const { isReady, unavailable } = options;
  class GuardedRedisAdapter extends RedisAdapter {
    override serverCount(): Promise<number> {
      if (!isReady()) return Promise.reject(unavailable());
      return super.serverCount().catch((error: unknown) => Promise.reject(unavailable(error)));
    }
  }
  const opts = { key: options.key, requestsTimeout: options.requestsTimeout };
  // socket.io calls the factory with `new`: a function expression, not an arrow
  return function createGuardedRedisAdapter(nsp: Namespace) {
    return new GuardedRedisAdapter(nsp, pub, sub, opts);
  };
}
