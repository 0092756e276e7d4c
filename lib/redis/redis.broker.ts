import type { OnApplicationShutdown, OnModuleInit, WebSocketAdapter } from '@nestjs/common';
import type { ApplicationConfig } from '@nestjs/core';
import type { Adapter, Namespace, Server, ServerOptions } from '../interfaces/socket-io.interface.js';
import { logMessages } from '../messages/index.js';
import type { EmitTransport } from '../interfaces/emit-transport.interface.js';
import { AsynctionError } from '../errors/asynction.error.js';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { guardClient, type CommandFailure } from './guarded-client.js';
import { guardedAdapterFactory } from './guarded-adapter.js';
import { isReady, reasonOf, ShardedSubscriptions } from './redis.connections.js';
import { loadRedisPackages, type RedisConnection, type RedisEmitter } from './redis.loader.js';
import {
  RedisMonitor,
  type AsynctionRedisStats,
  type AsynctionRedisStatus,
  type BrokerEvents,
} from './redis.monitor.js';
import { misplacedOption, redact, type ResolvedRedisOptions } from './redis.options.js';
import { streamReader, streamsServerOptions } from './redis.streams.js';

export type { AsynctionRedisDrop, AsynctionRedisStats, AsynctionRedisStatus } from './redis.monitor.js';

/**
 * Each application's broker, keyed by the application's `HttpAdapterHost`: a user's `AsynctionRedisIoAdapter` finds
 * it there, because `app.get()` of a missing provider would end the process instead of throwing.
 */
const brokers = new WeakMap<object, AsynctionRedisBroker>();

/** @internal */
export function registerBroker(appKey: object, broker: AsynctionRedisBroker): void {
  brokers.set(appKey, broker);
}

/** @internal */
export function brokerOf(appKey: object): AsynctionRedisBroker | undefined {
  return brokers.get(appKey);
}

/**
 * The Redis connections of one application: a publishing and a subscribing client (one client in an emit-only
 * process), the socket.io Redis adapter built on them, and what a user watches during an outage: `status`,
 * `stats` and the `down` / `up` / `dropped` events (kept by its `RedisMonitor`). Startup failures make `app.init()`
 * reject; `app.close()` closes the connections.
 */
export class AsynctionRedisBroker implements OnModuleInit, OnApplicationShutdown {
  /** The Redis URL with its password masked. */
  readonly url: string;
  private readonly monitor: RedisMonitor;
  private readonly adapters = new Set<WebSocketAdapter>();
  private clients: RedisConnection[] = [];
  private adapterFactory?: (nsp: Namespace) => Adapter;
  private emitter?: RedisEmitter;
  private startupError?: Error;
  /** The Streams adapter's connections, which block on reads: closed at once rather than waited for. */
  private readonly readers = new Set<RedisConnection>();

  constructor(
    private readonly options: ResolvedRedisOptions,
    private readonly emitOnly: boolean,
    private readonly config?: ApplicationConfig,
  ) {
    this.url = redact(options.url);
    this.monitor = new RedisMonitor(this.url, options, () => this.isReady());
  }

  get status(): AsynctionRedisStatus {
    return this.monitor.status;
  }

  get stats(): AsynctionRedisStats {
    return this.monitor.stats;
  }

  /**
   * Subscribes to `down` (Redis lost), `up` (Redis back) or `dropped` (a message for other instances lost); returns
   * the unsubscribe.
   */
  on<E extends keyof BrokerEvents>(event: E, listener: (...args: BrokerEvents[E]) => void): () => void {
    return this.monitor.on(event, listener);
  }

  /**
   * Connects within `connectTimeout`. Never throws (that would end the process while Nest builds providers): a failure
   * is kept for `onModuleInit`.
   */
  async start(): Promise<void> {
    // EmitOnlyInitializer reports this combination with the document's other problems; nothing to connect.
    if (this.emitOnly && this.options.mode !== 'pubsub') return this.destroyClients();
    const misplaced = misplacedOption(this.options);
    if (misplaced) {
      this.startupError = new AsynctionError(misplaced);
      return this.destroyClients();
    }
    try {
      const { mode, url, nodes, clientOptions, key, requestsTimeout } = this.options;
      const packages = await loadRedisPackages(mode, this.emitOnly);
      const pub = packages.connect(url, nodes.length > 0 ? nodes : [url], clientOptions);
      this.clients = this.emitOnly ? [pub] : mode === 'streams' ? [pub] : [pub, pub.duplicate()];
      for (const client of this.clients) this.monitor.watch(client);
      await this.connectAll();
      const onFailure: CommandFailure = (command, args, error) => this.monitor.onFailure(command, args, error);
      // The Streams adapter duplicates its client to read the stream and to subscribe: those connections keep an
      // offline queue (a read that fails at once would be retried in a busy loop) and are closed with the others.
      const duplicate = () => this.readerOf(pub, onFailure);
      const [guardedPub, guardedSub] = this.clients.map((client) =>
        guardClient(client, onFailure, mode === 'streams' ? { duplicate } : {}),
      );
      const subscriptions = mode === 'sharded' ? new ShardedSubscriptions(guardedSub!, requestsTimeout) : undefined;
      if (packages.createEmitter) this.emitter = packages.createEmitter(guardedPub, key);
      if (packages.adapter) {
        const sub = subscriptions?.client ?? guardedSub;
        this.adapterFactory = guardedAdapterFactory(packages.adapter(guardedPub, sub, key, requestsTimeout), {
          joining: subscriptions && ((namespace, rooms) => subscriptions.joining(key, namespace, rooms)),
          isReady: () => this.isReady(),
          unavailable: (cause = this.monitor.lastError) =>
            new BrokerUnavailableError(logMessages.redisUnavailable(logMessages.redisAskOthers, this.url), { cause }),
        });
      }
      this.monitor.ready();
    } catch (error) {
      this.startupError =
        error instanceof AsynctionError
          ? error
          : new BrokerUnavailableError(
              logMessages.redisStartFailed(this.url, reasonOf(error), this.options.connectTimeout),
              { cause: error },
            );
      this.destroyClients();
    }
  }

  /** @internal The socket.io server options the mode needs: connection state recovery with `streams`. */
  serverOptions(): Partial<ServerOptions> {
    return streamsServerOptions(this.options);
  }

  /** A connection of the Streams adapter's own, watched and closed by the broker. */
  private readerOf(pub: RedisConnection, onFailure: CommandFailure): RedisConnection {
    const reader = pub.duplicate({ disableOfflineQueue: false });
    this.monitor.watch(reader);
    this.clients.push(reader);
    this.readers.add(reader);
    return streamReader(reader, onFailure, () => this.destroyClient(reader));
  }

  onModuleInit(): void {
    if (this.startupError) throw this.startupError;
    const adapter = this.emitOnly ? undefined : this.config?.getIoAdapter();
    if (adapter && !this.adapters.has(adapter))
      throw new AsynctionError(logMessages.redisAdapterReplaced(adapter.constructor.name));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.monitor.status === 'closed') return;
    this.monitor.close();
    await Promise.all(this.clients.map((client) => this.closeClient(client)));
  }

  /** @internal Called by each `AsynctionRedisIoAdapter` of this application. */
  register(adapter: WebSocketAdapter): void {
    this.adapters.add(adapter);
  }

  /** @internal Puts a socket.io server, and every namespace it has or will have, on the Redis adapter. */
  install(server: Server): void {
    if (this.adapterFactory) server.adapter(this.adapterFactory);
  }

  /** @internal The emitter's way out in an emit-only process. */
  transport(): EmitTransport {
    return {
      of: (namespace) => {
        if (!this.isReady() || !this.emitter)
          throw new BrokerUnavailableError(logMessages.redisEmitUnavailable(namespace, this.url));
        return this.emitter.of(namespace);
      },
    };
  }

  private isReady(): boolean {
    return this.clients.length > 0 && this.clients.every((client) => isReady(client));
  }

  private async connectAll(): Promise<void> {
    const connecting = Promise.all(this.clients.map((client) => client.connect()));
    connecting.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.monitor.lastError ?? new Error(logMessages.redisNoAnswer(this.options.connectTimeout))),
        this.options.connectTimeout,
      );
    });
    try {
      await Promise.race([connecting, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async closeClient(client: RedisConnection): Promise<void> {
    if (!client.isOpen) return;
    if (!isReady(client) || this.readers.has(client)) return this.destroyClient(client);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
    await Promise.race([client.close().catch(() => undefined), late]);
    clearTimeout(timer);
    this.destroyClient(client);
  }

  private destroyClients(): void {
    this.monitor.close();
    for (const client of this.clients) this.destroyClient(client);
  }

  private destroyClient(client: RedisConnection): void {
    try {
      if (client.isOpen) client.destroy();
    } catch {
      // already closed: nothing left to release
    }
  }
}
