import { logMessages } from '../messages/index.js';
import type { AsynctionRedisDropKind, AsynctionRedisMode } from '../interfaces/asynction-options.interface.js';
import type { RedisConnection } from './redis.loader.js';

/** A master of a node-redis cluster client, as far as readiness goes. */
interface ClusterMaster {
  client?: { isReady: boolean };
  pubSub?: { client: { isReady: boolean } };
}

/**
 * Whether a connection serves now. A cluster client has no `isReady` of its own: it serves when every master it
 * knows, and every sharded subscription connection, does (a master away takes its slots' channels with it).
 */
export function isReady(client: RedisConnection): boolean {
  if (typeof client.isReady === 'boolean') return client.isReady;
  const masters = (client as unknown as { masters?: ClusterMaster[] }).masters;
  if (!client.isOpen || !Array.isArray(masters) || masters.length === 0) return false;
  return masters.every((m) => m.client?.isReady !== false && (m.pubSub === undefined || m.pubSub.client.isReady));
}

/** What a connection error says, for logs and error messages; `undefined` is a Redis that never answered. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : error === undefined ? logMessages.redisNoAnswer() : String(error);
}

// socket.io-adapter's MessageType: requests between instances, and their answers.
const REQUESTS = new Set([4, 5, 6, 7, 9]);
const RESPONSES = new Set([8, 10, 11, 12]);

/** What a message that Redis did not take was for, from the mode's channel names or the message itself. */
export function dropKind(
  mode: AsynctionRedisMode,
  key: string,
  command: string,
  channel: string,
  payload: unknown,
): AsynctionRedisDropKind {
  if (mode === 'pubsub') {
    if (channel.startsWith(`${key}-request#`)) return 'request';
    return channel.startsWith(`${key}-response#`) ? 'response' : 'broadcast';
  }
  if (command === 'xAdd') return typeOf(payload) === 3 || typeOf(payload) === undefined ? 'broadcast' : 'request';
  if (mode === 'streams') {
    // `${key}#${namespace}#` carries requests; `${key}#${namespace}#${uid}#` the answers to one instance.
    return channel.slice(key.length).split('#').length > 3 ? 'response' : 'request';
  }
  const type = typeOf(payload);
  if (type !== undefined && REQUESTS.has(type)) return 'request';
  return type !== undefined && RESPONSES.has(type) ? 'response' : 'broadcast';
}

/** The message type of a JSON-encoded adapter message or of a Streams entry; `undefined` when binary. */
function typeOf(payload: unknown): number | undefined {
  if (payload && typeof payload === 'object' && !Buffer.isBuffer(payload)) {
    const type = Number((payload as { type?: unknown }).type);
    return Number.isInteger(type) ? type : undefined;
  }
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8', 0, 64) : String(payload);
  const match = /^\{"type":(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

type SSubscribe = (channels: string | string[], ...rest: unknown[]) => Promise<unknown>;

/**
 * The sharded adapter subscribes to a channel per room when a room first appears on an instance, without waiting:
 * a room emit from another instance right after the join could miss it. This view of the subscribing client keeps
 * each channel's subscription until it settles, so a join waits for it (at most `timeout` ms: a shard that is away
 * must not hang a join; its failure is reported by the guarded client).
 */
export class ShardedSubscriptions {
  readonly client: object;
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    sub: object,
    private readonly timeout: number,
  ) {
    const sSubscribe = (sub as { sSubscribe: SSubscribe }).sSubscribe;
    const subscribe: SSubscribe = (channels, ...rest) => {
      const subscribing = sSubscribe(channels, ...rest);
      for (const channel of [channels].flat()) {
        this.pending.set(channel, subscribing);
        void subscribing.finally(() => this.pending.get(channel) === subscribing && this.pending.delete(channel));
      }
      return subscribing;
    };
    this.client = new Proxy(sub, {
      get: (target, property) => (property === 'sSubscribe' ? subscribe : Reflect.get(target, property, target)),
    });
  }

  /** The subscriptions that joining `rooms` of `namespace` started and that have not settled yet. */
  joining(key: string, namespace: string, rooms: ReadonlySet<string>): Promise<void> | undefined {
    const waits = [...rooms].flatMap((room) => this.pending.get(`${key}#${namespace}#${room}#`) ?? []);
    if (waits.length === 0) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timeout)));
    return Promise.race([Promise.all(waits).then(() => undefined), late]).finally(() => clearTimeout(timer));
  }
}
