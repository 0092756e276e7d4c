/** Options of the optional features (mock, docs page, Redis, limits), kept apart from the module options. */

/** Options of the mock (`AsynctionModule.forRoot({ mock })`, `asynction mock`). */
export interface AsynctionMockOptions {
  /**
   * What the mock stands in for. `'missing'`: the operations, lifecycle handlers and security verifiers that have no
   * `@AsyncOperation` method; a method that exists keeps handling its operation, so a team builds the real server one
   * handler at a time while clients keep working against the rest.
   * @default 'missing'
   */
  operations?: 'missing';
  /**
   * Send the document's outbound messages to each connected client: one of each at once, then one every `interval`.
   * A message's `x-mock: { disabled: true }` leaves it out.
   * @default true
   */
  outbound?: boolean;
  /**
   * Seconds between two mocked outbound messages to one client; a message's `x-mock.interval` overrides it.
   * @default 1
   */
  interval?: number;
  /**
   * Seed of the generated data: with the same seed, every client receives the same sequence of payloads and acks.
   * @default a random seed, logged at startup
   */
  seed?: number;
  /**
   * `'well-formed'`: a security scheme without a verifying method accepts any well-formed credential of its kind (and
   * grants every scope it declares). `'none'`: the document's security is ignored, every connection and event passes.
   * @default 'well-formed'
   */
  auth?: 'well-formed' | 'none';
  /** Generated values tried for one payload or ack before it is reported as not mockable. @default 25 */
  attempts?: number;
}

/** Options of the documentation page (`AsynctionModule.forRoot({ docs })`). */
export interface AsynctionDocsOptions {
  /**
   * The page's URL path (`/asyncapi`); the documents are served under it (`/asyncapi/asyncapi.json`).
   * @default '<base>/docs', `<base>` being the parent of the socket.io path (`/docs` for socket.io's `/socket.io`)
   */
  path?: string;
}

/**
 * How the instances share messages through Redis:
 * - `'pubsub'`: one Redis (or a Redis Cluster used as one node), classic pub/sub (`@socket.io/redis-adapter`);
 * - `'sharded'`: a Redis Cluster (Redis 7+), sharded pub/sub (`@socket.io/redis-adapter`'s `createShardedAdapter`
 *   over a cluster client): each channel lives on one shard instead of being copied to every node;
 * - `'streams'`: Redis Streams (`@socket.io/redis-streams-adapter`), which also backs socket.io's connection state
 *   recovery: a client that reconnects within `recovery.maxDisconnectionDuration` receives what it missed.
 */
export type AsynctionRedisMode = 'pubsub' | 'sharded' | 'streams';

/** What a message that Redis did not take was for (see `AsynctionRedisDrop`). */
export type AsynctionRedisDropKind = 'broadcast' | 'request' | 'response';

/** socket.io's connection state recovery in the `'streams'` mode. */
export interface AsynctionRedisRecoveryOptions {
  /**
   * How long after a disconnection a client may come back and receive what it missed, in milliseconds.
   * @default 120000
   */
  maxDisconnectionDuration?: number;
  /**
   * Skip the connection middlewares (the document's security checks among them) for a recovered client.
   * @default false (a recovered client is checked again)
   */
  skipMiddlewares?: boolean;
}

/** What one client may cost the others (`AsynctionModule.forRoot({ limits })`). */
export interface AsynctionLimitsOptions {
  /**
   * Refused namespace connections (security, handshake bindings, connect handler, timeouts) one engine.io connection
   * may collect; the refusal that reaches the limit is sent, then the connection is closed. A new connection starts
   * afresh, so a client with good credentials still gets in. Between 1 and 20.
   * @default 5
   */
  refusalsPerConnection?: number;
  /**
   * Refused namespace connections one remote address may collect within `refusalWindow`; once reached, every further
   * namespace connection from that address is refused unchecked until the window ends. 0 turns it off.
   * @default 0 (off)
   */
  refusalsPerAddress?: number;
  /** The window of `refusalsPerAddress`, in milliseconds. @default 60000 */
  refusalWindow?: number;
  /**
   * How many proxies in front of the application append to `X-Forwarded-For`. 0: the remote address is the TCP
   * peer's and the header is ignored (a client could write anything in it); n: the n-th address from the right of
   * the header, the one the outermost trusted proxy saw. Only used by `refusalsPerAddress`.
   * @default 0
   */
  trustProxy?: number;
  /**
   * How long one security verifier, scope validator or connect handler may take, in milliseconds. A method still
   * pending then refuses the connection (or the event), and what it later returns is ignored.
   * @default 5000
   */
  checkTimeout?: number;
  /**
   * Messages of one connection handled in one turn of the event loop before the other connections get theirs; the
   * rest wait for the next turn (meanwhile the websocket is not read, so a flood pushes back on its sender). 0 turns
   * it off.
   * @default 32
   */
  fairShare?: number;
  /**
   * A token bucket per connection (all its namespaces together): `rate` messages per second on average, bursts up to
   * `burst`. A message over the limit reaches no handler: it takes the namespace's error path with a
   * `RateLimitError`; after `disconnectAfter` such messages in a row without the bucket refilling, the connection is
   * closed.
   * @default undefined (no limit)
   */
  rateLimit?: AsynctionRateLimit;
}

/** A per-connection message rate (`limits.rateLimit`). */
export interface AsynctionRateLimit {
  /** Messages per second, on average. */
  rate: number;
  /** Messages that may arrive at once. @default rate (one second's worth) */
  burst?: number;
  /**
   * Messages over the limit, without a pause long enough to admit one, after which the connection is closed.
   * @default 100
   */
  disconnectAfter?: number;
}

/** Options of the Redis scale-out (`AsynctionModule.forRoot({ redis })`). */
export interface AsynctionRedisOptions {
  /**
   * The Redis URL, `redis[s]://[[user][:password]@]host[:port][/db]`; with `mode: 'sharded'`, one node of the
   * cluster (see `nodes`). @default 'redis://localhost:6379'
   */
  url?: string;
  /** How the instances share messages: see `AsynctionRedisMode`. @default 'pubsub' */
  mode?: AsynctionRedisMode;
  /**
   * With `mode: 'sharded'`: the cluster nodes the client may discover the cluster from (URLs); the client finds
   * the others itself. @default [url]
   */
  nodes?: readonly string[];
  /**
   * With `mode: 'streams'`: socket.io's connection state recovery, or `false` to turn it off.
   * @default { maxDisconnectionDuration: 120000, skipMiddlewares: false }
   */
  recovery?: false | AsynctionRedisRecoveryOptions;
  /**
   * More options for `createClient` of the `redis` package (TLS, credentials, `socket.reconnectStrategy`...); with
   * `mode: 'sharded'`, the `defaults` of every node's client.
   * `disableOfflineQueue` is always on: while Redis is away, a message for other instances is dropped and reported
   * at once instead of being queued for later.
   * @default {}
   */
  clientOptions?: Record<string, unknown>;
  /** How long startup waits for Redis before `app.init()` rejects, in milliseconds. @default 5000 */
  connectTimeout?: number;
  /** The prefix of the Redis channels; the same in every instance and emit-only process. @default 'socket.io' */
  key?: string;
  /**
   * How long `fetchSockets()` and other cross-instance requests wait for the other instances, in milliseconds.
   * @default 5000
   */
  requestsTimeout?: number;
}
