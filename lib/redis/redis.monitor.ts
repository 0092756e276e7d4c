import { Logger } from '@nestjs/common';
import { logMessages } from '../messages/index.js';
import type { AsynctionRedisDropKind } from '../interfaces/asynction-options.interface.js';
import { dropKind, reasonOf } from './redis.connections.js';
import type { RedisConnection } from './redis.loader.js';
import type { ResolvedRedisOptions } from './redis.options.js';

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

/** The events of `AsynctionRedisBroker.on`. */
export interface BrokerEvents {
  down: [error: unknown];
  up: [];
  dropped: [drop: AsynctionRedisDrop];
}

/**
 * What the broker's user watches during an outage: the status, the counts of `stats`, the `down` / `up` / `dropped`
 * events and their log lines. Fed by the connections' events (`watch`) and by the commands Redis did not take
 * (`onFailure`).
 */
export class RedisMonitor {
  private readonly logger = new Logger('AsynctionRedis');
  private readonly listeners: { [E in keyof BrokerEvents]: Set<(...args: BrokerEvents[E]) => void> } = {
    down: new Set(),
    up: new Set(),
    dropped: new Set(),
  };
  private error?: unknown;
  private current: AsynctionRedisStatus = 'connecting';
  private dropped = 0;
  private outages = 0;
  private downSince = 0;
  private droppedBeforeOutage = 0;
  private dropLogged = false;
  private recheck?: NodeJS.Timeout;

  constructor(
    /** The Redis URL with its password masked. */
    private readonly url: string,
    private readonly options: ResolvedRedisOptions,
    /** Whether every connection serves now. */
    private readonly isReady: () => boolean,
  ) {}

  get status(): AsynctionRedisStatus {
    return this.current;
  }

  get stats(): AsynctionRedisStats {
    return { status: this.current, dropped: this.dropped, outages: this.outages };
  }

  /** The last error a connection reported. */
  get lastError(): unknown {
    return this.error;
  }

  /** Startup connected: from now on, losing Redis is an outage. */
  ready(): void {
    this.current = 'ready';
  }

  /** Startup failed, or `app.close()`: no more outages to report. */
  close(): void {
    this.current = 'closed';
    clearInterval(this.recheck);
  }

  on<E extends keyof BrokerEvents>(event: E, listener: (...args: BrokerEvents[E]) => void): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** A client without an `error` listener ends the process on its first error; these listeners also track outages. */
  watch(client: RedisConnection): void {
    const onError = (error: unknown) => {
      this.error = error;
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
      this.logger.warn(logMessages.redisDown(this.url, reasonOf(this.error)));
      // A cluster client reports a node's first connection only: while down, the broker looks again regularly.
      this.recheck = setInterval(() => this.refresh(), 200);
      this.recheck.unref();
      this.notify('down', this.error);
    } else if (this.current === 'down' && this.isReady()) {
      this.current = 'ready';
      clearInterval(this.recheck);
      this.dropLogged = false;
      const seconds = Math.round((Date.now() - this.downSince) / 100) / 10;
      this.logger.log(logMessages.redisUp(this.url, seconds, this.dropped - this.droppedBeforeOutage));
      this.notify('up');
    }
  }

  /** A command Redis did not take: a message for other instances is counted as dropped, anything else logged. */
  onFailure(command: string, args: readonly unknown[], error: unknown): void {
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
}
