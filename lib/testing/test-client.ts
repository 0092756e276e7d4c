import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { ContractViolationError } from '../errors/contract-violation.error.js';
import { testingMessages } from '../messages/index.js';
import { appUrl, type ListeningApp } from './app-url.js';
import { Contract, type ContractDocument } from './contract.js';
import { ContractCoverage } from './contract-coverage.js';
import { loadSocketIoClient } from './socket-io-client.loader.js';
import { TestSocket, type TestSocketContext } from './test-socket.js';
import { ViolationHub, type ViolationMode } from './violation.hub.js';
import type { AnyEvents, EventsMap } from './event-types.js';

/** socket.io-client options of a connection. */
export type TestSocketOptions = Partial<ManagerOptions & SocketOptions>;

/** Options of `createTestClient`. */
export interface TestClientOptions {
  /** The document(s): a path (extension optional), a parsed document, or the options given to `forRoot`. */
  document: ContractDocument;
  /** The application's base URL (`http://127.0.0.1:3000`). Give this or `app`. */
  url?: string;
  /** A Nest application that listens (`await app.listen(0)`): its URL is read from its HTTP server. */
  app?: ListeningApp;
  /**
   * Check what the client itself sends (messages and acknowledgements) too: an undeclared or invalid message throws
   * where it is sent and is not sent. Send deliberately wrong messages through `socket.raw`.
   * @default false
   */
  strict?: boolean;
  /**
   * `'throw'`: a violation rejects the test's pending or next `waitFor`/`emitWithAck`/`close`, else `closeAll`.
   * `'collect'`: violations are kept (`violations`) for `expectNoViolations()`; invalid messages are still delivered.
   * @default 'throw'
   */
  violations?: ViolationMode;
  /** Shared by every client of a test run to see the coverage of all of them. @default a coverage of its own */
  coverage?: ContractCoverage;
  /** How long `waitFor` and `emitWithAck` wait, in milliseconds. @default 5000 */
  timeout?: number;
  /** socket.io-client options of every connection. @default { transports: ['websocket'], reconnection: false } */
  socketOptions?: TestSocketOptions;
  /**
   * Recognises the acknowledgements of the error path that a namespace error handler (or `defaultErrorHandler`)
   * returns, for the coverage's `error` column. The library's own `exception` body is recognised without it.
   * @default undefined
   */
  isErrorAck?: (ack: unknown, namespace: string, event: string) => boolean;
}

/**
 * Connects test sockets to an application and checks everything they receive against the AsyncAPI document.
 */
export class AsynctionTestClient {
  readonly contract: Contract;
  readonly coverage: ContractCoverage;
  private readonly hub: ViolationHub;
  private readonly sockets = new Set<{ disconnect(): void }>();
  private readonly context: TestSocketContext;

  constructor(private readonly options: TestClientOptions) {
    if (!options.url && !options.app) throw new Error(testingMessages.noTarget());
    this.contract = new Contract(options.document);
    this.coverage = options.coverage ?? new ContractCoverage();
    this.coverage.declare(this.contract);
    this.hub = new ViolationHub(options.violations ?? 'throw');
    this.context = {
      contract: this.contract,
      hub: this.hub,
      coverage: this.coverage,
      strict: options.strict ?? false,
      timeout: options.timeout ?? 5000,
      isErrorAck: options.isErrorAck,
    };
  }

  /** Every violation seen so far, in order. */
  get violations(): readonly ContractViolationError[] {
    return this.hub.seen;
  }

  /**
   * Opens a connection to a namespace and waits until it is accepted; rejects with the server's reason otherwise.
   * Type it with the generated event maps: `connect<ServerToClientEvents, ClientToServerEvents>('/')`.
   */
  async connect<Listen extends EventsMap = AnyEvents, Emit extends EventsMap = AnyEvents>(
    namespace = '/',
    options: TestSocketOptions = {},
  ): Promise<TestSocket<Listen, Emit>> {
    return this.hub.guard(async () => {
      const raw = await this.open(namespace, options);
      const socket = new TestSocket<Listen, Emit>(raw, namespace, this.context);
      this.sockets.add(socket);
      await new Promise<void>((resolve, reject) => {
        raw.once('connect', () => resolve());
        raw.once('connect_error', (error: Error) => {
          socket.disconnect();
          reject(new Error(testingMessages.connectFailed(namespace, this.url(), error.message), { cause: error }));
        });
      });
      return socket;
    });
  }

  /** Resolves with the `connect_error` the server refuses a connection with; rejects if it is accepted. */
  async expectRefused(namespace = '/', options: TestSocketOptions = {}): Promise<Error & { data?: unknown }> {
    const raw = await this.open(namespace, options);
    this.sockets.add(raw);
    return new Promise((resolve, reject) => {
      raw.once('connect', () => {
        raw.disconnect();
        reject(new Error(testingMessages.notRefused(namespace)));
      });
      raw.once('connect_error', (error: Error & { data?: unknown }) => {
        raw.disconnect();
        resolve(error);
      });
    });
  }

  /** Collect mode: throws, listing every violation seen, unless there is none; the list starts empty again. */
  expectNoViolations(): void {
    this.hub.expectNone();
  }

  /** Closes every connection of this client; throws the violations no awaited call has thrown yet. */
  async closeAll(): Promise<void> {
    for (const socket of this.sockets) socket.disconnect();
    this.sockets.clear();
    this.hub.throwUnreported();
  }

  private async open(namespace: string, options: TestSocketOptions) {
    const { io } = await loadSocketIoClient();
    const base = this.url().replace(/\/+$/, '');
    return io(namespace === '/' ? base : `${base}${namespace}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(this.contract.path ? { path: this.contract.path } : {}),
      ...this.options.socketOptions,
      ...options,
    });
  }

  private url(): string {
    return this.options.url ?? appUrl(this.options.app!);
  }
}

/**
 * A contract-test client for an application: every message and acknowledgement its sockets receive is checked
 * against the AsyncAPI document, read as `AsynctionModule.forRoot` reads it.
 */
export function createTestClient(options: TestClientOptions): AsynctionTestClient {
  return new AsynctionTestClient(options);
}
