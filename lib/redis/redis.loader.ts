import type { Adapter, Namespace } from '../interfaces/socket-io.interface.js';
import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';

/** What the scale-out uses of a client of the `redis` package (kept structural: the package is optional). */
export interface RedisConnection {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  duplicate(): RedisConnection;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** The adapter class of `@socket.io/redis-adapter`, as the broker extends it. */
export type RedisAdapterClass = new (
  nsp: Namespace,
  pub: unknown,
  sub: unknown,
  opts: { key: string; requestsTimeout: number },
) => Adapter & {
  serverCount(): Promise<number>;
};

/** What an emit-only process publishes through (`@socket.io/redis-emitter`). */
export interface RedisEmitter {
  of(namespace: string): {
    emit(event: string, ...args: unknown[]): unknown;
    to(rooms: string | string[]): { emit(event: string, ...args: unknown[]): unknown };
  };
}

export interface RedisPackages {
  createClient(options: Record<string, unknown>): RedisConnection;
  RedisAdapter?: RedisAdapterClass;
  createEmitter?(client: unknown, key: string): RedisEmitter;
}

/**
 * Loads the optional packages of the scale-out on first use, so applications without Redis never need them:
 * `redis` always, `@socket.io/redis-adapter` to serve, `@socket.io/redis-emitter` for an emit-only process.
 */
export async function loadRedisPackages(emitOnly: boolean): Promise<RedisPackages> {
  const names = ['redis', emitOnly ? '@socket.io/redis-emitter' : '@socket.io/redis-adapter'];
  try {
    const redis = await import('redis');
    const createClient = redis.createClient as unknown as RedisPackages['createClient'];
    if (emitOnly) {
      const { Emitter } = await import('@socket.io/redis-emitter');
      return { createClient, createEmitter: (client, key) => new Emitter(client, { key }) as unknown as RedisEmitter };
    }
    const { RedisAdapter } = await import('@socket.io/redis-adapter');
    return { createClient, RedisAdapter: RedisAdapter as unknown as RedisAdapterClass };
  } catch (error) {
    throw new AsynctionError(
      logMessages.redisPackagesMissing(names, error instanceof Error ? error.message : String(error)),
    );
  }
}
