import { Logger, type OnApplicationShutdown, type OnModuleInit, type WebSocketAdapter } from '@nestjs/common';
import type { ApplicationConfig } from '@nestjs/core';
import type { Adapter, Namespace, Server, ServerOptions } from '../interfaces/socket-io.interface.js';
import { logMessages } from '../messages/index.js';
import type { EmitTransport } from '../interfaces/emit-transport.interface.js';
import { AsynctionError } from '../errors/asynction.error.js';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import type {
  AsynctionRedisDropKind,
  AsynctionRedisMode,
  AsynctionRedisOptions,
} from '../interfaces/asynction-options.interface.js';
import { guardClient, type CommandFailure } from './guarded-client.js';
import { guardedAdapterFactory } from './guarded-adapter.js';
import { dropKind, isReady, ShardedSubscriptions } from './redis.connections.js';
import { loadRedisPackages, type RedisConnection, type RedisEmitter } from './redis.loader.js';

interface XReader {
  xRead(...args: unknown[]): Promise<unknown>;
}

/** `'connecting'` until startup connects, `'ready'` while Redis serves, `'down'` during an outage, `'closed'` after. */
export type AsynctionRedisStatus = 'connecting' | 'ready' | 'down' | 'closed';

/** A message for other instances that Redis did not take. */
export interface AsynctionRedisDrop {
  /**
   * `'broadcast'`: an emit to the other instances' clients; `'request'`/`'response'`: between instances
   * (`fetchSockets`...).
   */
  kind: AsynctionRedisDropKind;
  channel: string;
  error: unknown;
}

/** What `AsynctionRedisBroker.stats` counts since startup. */
export interface AsynctionRedisStats {
  status: AsynctionRedisStatus;
  /** Messages for other instances dropped because Redis did not take them. */
  dropped: number;
  /** Times Redis became unreachable after startup. */
  outages: number;
}

interface BrokerEvents {
  down: [error: unknown];
  up: [];
  dropped: [drop: AsynctionRedisDrop];
}

/** The options after defaults; `recovery` stays as given. */
export type ResolvedRedisOptions = Required<Omit<AsynctionRedisOptions, 'recovery'>> &
  Pick<AsynctionRedisOptions, 'recovery'>;

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

/** `redis://user:secret@host` -> `redis://user:***@host`: URLs go into logs and error messages. */
function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

const REDIS_MODES: readonly string[] = ['pubsub', 'sharded', 'streams'] satisfies AsynctionRedisMode[];

/** An option of one mode given with another, which would be silently ignored. */
function misplacedOption(options: ResolvedRedisOptions): string | undefined {
  if (!REDIS_MODES.includes(options.mode)) return logMessages.redisModeUnknown(String(options.mode), REDIS_MODES);
  if (options.nodes.length > 0 && options.mode !== 'sharded')
    return logMessages.redisOptionNeedsMode('nodes', 'sharded', options.mode);
  if (options.recovery !== undefined && options.mode !== 'streams')
    return logMessages.redisOptionNeedsMode('recovery', 'streams', options.mode);
  return undefined;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : error === undefined ? logMessages.redisNoAnswer() : String(error);
}

/**
 * The Redis connections of one application: a publishing and a subscribing client (one client in an emit-only
 * process), the socket.io Redis adapter built on them, and what a user watches during an outage: `status`,
 * `stats` and the `down` / `up` / `dropped` events. Startup failures make `app.init()` reject; `app.close()` closes
 * the connections.
 */
export class AsynctionRedisBroker implements OnModuleInit, OnApplicationShutdown {
  /** The Redis URL with its password masked. */
  readonly url: string;
  private readonly logger = new Logger('AsynctionRedis');
  private readonly listeners: { [E in keyof BrokerEvents]: Set<(...args: BrokerEvents[E]) => void> } = {
    down: new Set(),
    up: new Set(),
    dropped: new Set(),
  };
  private readonly adapters = new Set<WebSocketAdapter>();
  private clients: RedisConnection[] = [];
  private adapterFactory?: (nsp: Namespace) => Adapter;
  private emitter?: RedisEmitter;
  private startupError?: Error;
  private lastError?: unknown;
  private current: AsynctionRedisStatus = 'connecting';
  private dropped = 0;
  private outages = 0;
  private downSince = 0;
  private droppedBeforeOutage = 0;
  private dropLogged = false;
  private recheck?: NodeJS.Timeout;
  /** The Streams adapter's connections, which block on reads: closed at once rather than waited for. */
  private readonly readers = new Set<RedisConnection>();

  constructor(
    private readonly options: ResolvedRedisOptions,
    private readonly emitOnly: boolean,
    private readonly config?: ApplicationConfig,
  ) {
    this.url = redact(options.url);
  }

  get status(): AsynctionRedisStatus {
    return this.current;
  }

  get stats(): AsynctionRedisStats {
    return { status: this.current, dropped: this.dropped, outages: this.outages };
  }

  /**
   * Subscribes to `down` (Redis lost), `up` (Redis back) or `dropped` (a message for other instances lost); returns
   * the unsubscribe.
   */
  on<E extends keyof BrokerEvents>(event: E, listener: (...args: BrokerEvents[E]) => void): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
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
      for (const client of this.clients) this.watch(client);
      await this.connectAll();
      const onFailure: CommandFailure = (command, args, error) => this.onFailure(command, args, error);
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
          unavailable: (cause = this.lastError) =>
            new BrokerUnavailableError(logMessages.redisUnavailable(logMessages.redisAskOthers, this.url), { cause }),
        });
      }
      this.current = 'ready';
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
    const { mode, recovery } = this.options;
    if (mode !== 'streams' || recovery === false) return {};
    return {
      connectionStateRecovery: {
        maxDisconnectionDuration: recovery?.maxDisconnectionDuration ?? 120_000,
        skipMiddlewares: recovery?.skipMiddlewares ?? false,
      },
    };
  }

  /** A connection of the Streams adapter's own, watched and closed by the broker. */
  private readerOf(pub: RedisConnection, onFailure: CommandFailure): RedisConnection {
    const reader = pub.duplicate({ disableOfflineQueue: false });
    this.watch(reader);
    this.clients.push(reader);
    this.readers.add(reader);
    const release = () => this.destroyClient(reader);
    return guardClient(reader, onFailure, {
      // After app.close() the adapter's read loop would retry on a closed client at once, forever: it waits instead.
      xRead: (...args: unknown[]) =>
        reader.isOpen ? (reader as unknown as XReader).xRead(...args) : new Promise(() => undefined),
      disconnect: release,
      destroy: release,
    });
  }

  onModuleInit(): void {
    if (this.startupError) throw this.startupError;
    const adapter = this.emitOnly ? undefined : this.config?.getIoAdapter();
    if (adapter && !this.adapters.has(adapter))
      throw new AsynctionError(logMessages.redisAdapterReplaced(adapter.constructor.name));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.current === 'closed') return;
    this.current = 'closed';
    clearInterval(this.recheck);
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
        () => reject(this.lastError ?? new Error(logMessages.redisNoAnswer(this.options.connectTimeout))),
        this.options.connectTimeout,
      );
    });
    try {
      await Promise.race([connecting, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A client without an `error` listener ends the process on its first error; these listeners also track outages. */
  private watch(client: RedisConnection): void {
    const onError = (error: unknown) => {
      this.lastError = error;
      this.refresh();
    };
    client.on('error', onError);
    client.on('node-error', onError);
    for (const event of ['ready', 'end', 'reconnecting', 'node-ready', 'node-disconnect', 'node-reconnecting'])
      client.on(event, () => this.refresh());
  }

  private refresh(): void {
    if (this.current === 'ready' && !this.isReady()) {
      this.current = 'down';
      this.outages++;
      this.downSince = Date.now();
      this.droppedBeforeOutage = this.dropped;
      this.logger.warn(logMessages.redisDown(this.url, reasonOf(this.lastError)));
      // A cluster client reports a node's first connection only: while down, the broker looks again regularly.
      this.recheck = setInterval(() => this.refresh(), 200);
      this.recheck.unref();
      this.notify('down', this.lastError);
    } else if (this.current === 'down' && this.isReady()) {
      this.current = 'ready';
      clearInterval(this.recheck);
      this.dropLogged = false;
      const seconds = Math.round((Date.now() - this.downSince) / 100) / 10;
      this.logger.log(logMessages.redisUp(this.url, seconds, this.dropped - this.droppedBeforeOutage));
      this.notify('up');
    }
  }

  private onFailure(command: string, args: readonly unknown[], error: unknown): void {
    if (this.current === 'closed') return;
    if (command !== 'publish' && command !== 'sPublish' && command !== 'xAdd') {
      // Unsubscribing only happens while socket.io closes: a Redis that is away has nothing left to release.
      if (!/unsubscribe/i.test(command)) this.logger.warn(logMessages.redisCommandFailed(command, reasonOf(error)));
      return;
    }
    const channel = String(args[0]);
    const kind = dropKind(this.options.mode, this.options.key, command, channel, args[command === 'xAdd' ? 2 : 1]);
    this.dropped++;
    if (!this.dropLogged) {
      this.dropLogged = true;
      this.logger.warn(logMessages.redisDropped(kind, channel, reasonOf(error)));
    }
    this.notify('dropped', { kind, channel, error });
  }

  private notify<E extends keyof BrokerEvents>(event: E, ...args: BrokerEvents[E]): void {
    for (const listener of this.listeners[event]) {
      try {
        listener(...args);
      } catch (error) {
        this.logger.error(`An AsynctionRedisBroker "${event}" listener threw: ${reasonOf(error)}`);
      }
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
    this.current = 'closed';
    clearInterval(this.recheck);
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
