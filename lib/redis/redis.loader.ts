import type { Adapter, Namespace } from '../interfaces/socket-io.interface.js';
import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';
import type { AsynctionRedisMode } from '../interfaces/asynction-options.interface.js';

/**
 * What the scale-out uses of a client of the `redis` package, single-node or cluster (kept structural: the package is
 * optional).
 */
export interface RedisConnection {
  readonly isOpen: boolean;
  /** Absent on a cluster client: the broker asks its nodes. */
  readonly isReady?: boolean;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  duplicate(overrides?: Record<string, unknown>): RedisConnection;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** A socket.io adapter as the broker guards it: every cross-instance request counts the instances first. */
export type CountingAdapter = Adapter & { serverCount(): Promise<number> };

/** Builds the adapter of one namespace (socket.io calls it with `new`). */
export type AdapterFactory = (nsp: Namespace) => CountingAdapter;

/** What an emit-only process publishes through (`@socket.io/redis-emitter`). */
export interface RedisEmitter {
  of(namespace: string): {
    emit(event: string, ...args: unknown[]): unknown;
    to(rooms: string | string[]): { emit(event: string, ...args: unknown[]): unknown };
  };
}

export interface RedisPackages {
  /** A single-node client (`pubsub`, `streams`) or a cluster client (`sharded`, root nodes from `nodes`). */
  connect(url: string, nodes: readonly string[], clientOptions: Record<string, unknown>): RedisConnection;
  /** The adapter of the mode over a publishing and a subscribing client. */
  adapter?(pub: unknown, sub: unknown, key: string, requestsTimeout: number): AdapterFactory;
  createEmitter?(client: unknown, key: string): RedisEmitter;
}

/** The packages each mode loads, for the message that names what to install. */
export function redisPackageNames(mode: AsynctionRedisMode, emitOnly: boolean): string[] {
  if (emitOnly) return ['redis', '@socket.io/redis-emitter'];
  return ['redis', mode === 'streams' ? '@socket.io/redis-streams-adapter' : '@socket.io/redis-adapter'];
}

/**
 * Loads the optional packages of the scale-out on first use, so applications without Redis never need them:
 * `redis` always, `@socket.io/redis-adapter` to serve over pub/sub or sharded pub/sub,
 * `@socket.io/redis-streams-adapter` to serve over Redis Streams, `@socket.io/redis-emitter` for an emit-only process.
 */
export async function loadRedisPackages(mode: AsynctionRedisMode, emitOnly: boolean): Promise<RedisPackages> {
  try {
    const redis = await import('redis');
    const single = (url: string, _nodes: readonly string[], clientOptions: Record<string, unknown>) =>
      redis.createClient({ ...clientOptions, url, disableOfflineQueue: true }) as unknown as RedisConnection;
    const cluster = (_url: string, nodes: readonly string[], clientOptions: Record<string, unknown>) =>
      redis.createCluster({
        rootNodes: nodes.map((url) => ({ url })),
        defaults: { ...clientOptions, disableOfflineQueue: true },
      }) as unknown as RedisConnection;
    const connect = mode === 'sharded' ? cluster : single;
    if (emitOnly) {
      const { Emitter } = await import('@socket.io/redis-emitter');
      return { connect, createEmitter: (client, key) => new Emitter(client, { key }) as unknown as RedisEmitter };
    }
    if (mode === 'streams') {
      const { createAdapter } = await import('@socket.io/redis-streams-adapter');
      const adapter = (pub: unknown, _sub: unknown, key: string) =>
        createAdapter(pub, { streamName: key, channelPrefix: key }) as unknown as AdapterFactory;
      return { connect, adapter };
    }
    const { RedisAdapter, createShardedAdapter } = await import('@socket.io/redis-adapter');
    const adapter =
      mode === 'sharded'
        ? (pub: unknown, sub: unknown, key: string) =>
            createShardedAdapter(pub, sub, { channelPrefix: key }) as unknown as AdapterFactory
        : (pub: unknown, sub: unknown, key: string, requestsTimeout: number) =>
            function createRedisAdapter(nsp: Namespace) {
              return new RedisAdapter(nsp, pub, sub, { key, requestsTimeout }) as unknown as CountingAdapter;
            };
    return { connect, adapter };
  } catch (error) {
    throw new AsynctionError(
      logMessages.redisPackagesMissing(
        redisPackageNames(mode, emitOnly),
        error instanceof Error ? error.message : String(error),
      ),
    );
  }
}
