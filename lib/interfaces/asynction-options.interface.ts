import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { GatewayMetadata } from '@nestjs/websockets';
import type { Socket } from './socket-io.interface.js';
import type {
  AsynctionMockOptions,
  AsynctionDocsOptions,
  AsynctionLimitsOptions,
  AsynctionRedisOptions,
} from './asynction-feature-options.interface.js';
// The feature options live in their own file; importers keep taking them from here.
export type {
  AsynctionMockOptions,
  AsynctionDocsOptions,
  AsynctionRedisMode,
  AsynctionRedisDropKind,
  AsynctionRedisRecoveryOptions,
  AsynctionLimitsOptions,
  AsynctionRateLimit,
  AsynctionRedisOptions,
} from './asynction-feature-options.interface.js';

/** How AsyncAPI 2 `publish`/`subscribe` are read. */
export type OperationPerspective = 'client' | 'application';

/** The options that decide how a document is read into the model. */
export interface ModelBuildOptions {
  perspective: OperationPerspective;
  serverName?: string;
}

/**
 * Handles an error for which the namespace has no error handler: a payload that failed validation, or a handler
 * that threw. Its return value, if any, is sent as the acknowledgement when the client asked for one.
 */
export type AsynctionErrorHandler = (error: unknown, socket: Socket) => unknown;

/** An AsyncAPI document: its path, or the document already parsed. */
export type AsyncApiSpec = string | object;

/** Options of `AsynctionModule.forRoot`. */
export interface AsynctionModuleOptions {
  /**
   * Path of the AsyncAPI document (extension optional: `.yaml`, `.yml`, `.json` are tried), or the parsed document;
   * or a list of them, all served by this application. AsyncAPI 2.0-2.6 and 3.0-3.1 may be mixed.
   *
   * Several documents (a list, or several `forRoot` imports: both serve every document) may share a namespace;
   * an event, lifecycle handler or security setting that two of them declare there must be identical, or
   * `app.init()` rejects naming both places. All `forRoot`s share one `AsynctionEmitter` and one set of handlers;
   * the other options apply to the documents of their own call, except `ackTimeout`, `defaultErrorHandler` and
   * `limits`, which the first call that sets them sets for the whole application.
   */
  spec: AsyncApiSpec | readonly AsyncApiSpec[];
  /**
   * Validate incoming payloads, handler acknowledgements, emitted messages and client acknowledgements.
   * @default true
   */
  validation?: boolean;
  /**
   * How AsyncAPI 2 operations are read. `'client'` follows the specification: `publish` is what the application
   * receives (a handler is required), `subscribe` is what it sends. `'application'` reads documents written from the
   * application's point of view (`subscribe` + operationId for a handler), as the first Asynction README example is.
   * @default 'client'
   */
  perspective?: OperationPerspective;
  /**
   * The server of the document whose URL path becomes the socket.io `path`. @default undefined (socket.io's default
   * path)
   */
  serverName?: string;
  /** Error handler for namespaces that declare none. @default undefined (the `exception` event) */
  defaultErrorHandler?: AsynctionErrorHandler;
  /**
   * socket.io server options for the generated gateways (`cors`, `transports`, `maxHttpBufferSize`, ...). @default {}
   */
  gatewayOptions?: Omit<GatewayMetadata, 'namespace'>;
  /** How long `AsynctionEmitter.emitWithAck` waits for the client, in milliseconds. @default 10000 */
  ackTimeout?: number;
  /** Register the module globally, so `AsynctionEmitter` can be injected everywhere. @default true */
  isGlobal?: boolean;
  /** Where a relative `spec` path starts. @default process.cwd() */
  cwd?: string;
  /**
   * Browser origins allowed to open a connection (`'https://app.example.com'`, or a RegExp); a handshake from any other
   * `Origin` is refused with HTTP 403 before socket.io sees it. Requests without `Origin` (non-browser clients) pass.
   * socket.io's `cors` option does not stop a websocket upgrade from a foreign page; this does.
   * @default undefined (every origin)
   */
  allowedOrigins?: ReadonlyArray<string | RegExp>;
  /**
   * Scale out over Redis (`@socket.io/redis-adapter`): the app's socket.io servers, generated gateways and the
   * user's own, share rooms and broadcasts with every instance connected to the same Redis. Needs the optional
   * packages `redis`, `@socket.io/redis-adapter` (and `@socket.io/redis-emitter` with `emitOnly`).
   * @default undefined (socket.io's in-memory adapter: one instance)
   */
  redis?: AsynctionRedisOptions;
  /**
   * An emit-only process (e.g. `NestFactory.createApplicationContext`): no gateways and no handlers; the
   * `AsynctionEmitter` validates against the document and publishes through `redis` to the serving instances.
   * @default false
   */
  emitOnly?: boolean;
  /**
   * Serve what no method implements yet from the document itself: inbound events without an `@AsyncOperation` method
   * are validated and acknowledged with generated data, outbound messages are sent to each client periodically, and
   * missing security verifiers accept well-formed credentials. `'missing'` is `{ operations: 'missing' }`. Startup
   * logs what is mocked. See docs/mock.md.
   * @default undefined (no mock: an operation without a method is a startup error)
   */
  mock?: 'missing' | AsynctionMockOptions;
  /**
   * Serve the documents as an interactive page (the AsyncAPI React component, served from the installed optional
   * package `@asyncapi/react-component`, never from a CDN): `GET <base>/docs`, and the document itself at
   * `<base>/docs/asyncapi.json` and `.yaml`, where `<base>` is the parent of the socket.io path. With several
   * documents, `<base>/docs` is an index and each document has a page of its own. Like `ackTimeout`, the first
   * `forRoot` that sets it sets it for the whole application, and its page shows every document of the application.
   * @default false
   */
  docs?: boolean | AsynctionDocsOptions;
  /**
   * Limits on what one client may cost the others: refused namespace connections per engine.io connection (and
   * optionally per address), how long connect-time checks may take, a fair share of the event loop under a flood,
   * and an optional per-connection message rate. Application-wide: the first `forRoot` that sets it sets it for all.
   * See docs/security.md, "Abusive clients".
   * @default {} (every limit at its own default)
   */
  limits?: AsynctionLimitsOptions;
  /**
   * How long `app.close()` lets handlers already running finish (their acks are sent) before it disconnects every
   * client, in milliseconds. New connections and new messages are refused from the start of the shutdown.
   * @default 10000
   */
  shutdownTimeout?: number;
  /**
   * At most one log line per this many milliseconds for each kind of refusal (invalid payload, undeclared event,
   * refused connection, refused event): the first is logged with its detail, the rest are counted and summed up in
   * one line when the interval ends, so a flood of bad clients cannot flood the logs. @default 10000
   */
  logSummaryInterval?: number;
  /**
   * Spans and metrics through `@opentelemetry/api` (an optional peer dependency, loaded at startup): a span per
   * handled message, emit and connection attempt, and counters of messages received, refused and sent, of
   * connections, and a histogram of handler durations. Without an OpenTelemetry SDK registered they cost little and
   * record nothing; without this option nothing is loaded. See docs/operations.md.
   * @default false
   */
  telemetry?: boolean;
}

/**
 * The options `AsynctionModule.forRootAsync` takes in its own argument: everything that decides which gateway
 * classes exist (Nest must know them before the application initialises), so never from a factory.
 */
export const ASYNCTION_STATIC_OPTIONS = [
  'spec',
  'validation',
  'perspective',
  'serverName',
  'gatewayOptions',
  'isGlobal',
  'cwd',
  'emitOnly',
  'mock',
] as const;

/** The names of `ASYNCTION_STATIC_OPTIONS`. */
export type AsynctionStaticOptionName = (typeof ASYNCTION_STATIC_OPTIONS)[number];

/**
 * What the `useFactory` of `AsynctionModule.forRootAsync` returns: every option known only at run time (Redis URL,
 * allowed origins, default error handler, ack timeout, shutdown timeout...).
 */
export type AsynctionRuntimeOptions = Omit<AsynctionModuleOptions, AsynctionStaticOptionName>;

/**
 * Options of `AsynctionModule.forRootAsync`: the document and the other options that shape the gateways, given
 * statically, and a factory for the rest, run with the providers it injects (e.g. `ConfigService`).
 */
export interface AsynctionModuleAsyncOptions extends Pick<AsynctionModuleOptions, AsynctionStaticOptionName> {
  /** Modules whose providers `useFactory` injects (e.g. `ConfigModule`). @default [] */
  imports?: ModuleMetadata['imports'];
  /** The providers passed to `useFactory`, in order. @default [] */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Returns the run-time options; never `spec` or another option of `ASYNCTION_STATIC_OPTIONS`. */
  useFactory: (...args: never[]) => AsynctionRuntimeOptions | Promise<AsynctionRuntimeOptions>;
}

/** The options after defaults are applied. */
export interface ResolvedAsynctionOptions extends Required<
  Omit<
    AsynctionModuleOptions,
    'serverName' | 'defaultErrorHandler' | 'spec' | 'redis' | 'emitOnly' | 'allowedOrigins' | 'mock' | 'docs' | 'limits'
  >
> {
  mock?: Required<AsynctionMockOptions>;
  docs?: boolean | AsynctionDocsOptions;
  spec: AsyncApiSpec | readonly AsyncApiSpec[];
  allowedOrigins?: ReadonlyArray<string | RegExp>;
  redis?: AsynctionRedisOptions;
  emitOnly?: boolean;
  serverName?: string;
  defaultErrorHandler?: AsynctionErrorHandler;
  limits?: AsynctionLimitsOptions;
}
