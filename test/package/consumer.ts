// What a user's application writes against the package: every export of 'nestjs-asynction' and
// 'nestjs-asynction/testing', used. The install test copies this file into a fresh application with '../../lib/'
// replaced by the package's name and compiles it there under `strict` with `skipLibCheck: false`; here it keeps
// compiling against lib/ with the rest of the tree.
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io';
import {
  AckValidationError,
  AsyncOperation,
  AsynctionEmitter,
  AsynctionError,
  AsynctionHealth,
  AsynctionModule,
  AsynctionRedisBroker,
  AsynctionRedisIoAdapter,
  AsynctionSpecError,
  BindingsValidationError,
  BrokerUnavailableError,
  EmitError,
  PayloadValidationError,
  Principal,
  RateLimitError,
  SecurityError,
  UndeclaredEventError,
  type ApiKeyCredentials,
  type AsyncApiSpec,
  type AsyncOperationId,
  type AsyncOperationMethod,
  type AsynctionConnectHandler,
  type AsynctionDisconnectHandler,
  type AsynctionEmitAck,
  type AsynctionEmitAnyEvent,
  type AsynctionEmitArgs,
  type AsynctionEmitEvent,
  type AsynctionEmitNamespace,
  type AsynctionErrorHandlerMethod,
  type AsynctionMessageHandler,
  type AsynctionNamespaces,
  type AsynctionOperations,
  type AsynctionResult,
  type AsynctionSecurityVerifiers,
  type AsynctionVerifier,
  type AsynctionErrorHandler,
  type AsynctionDocsOptions,
  type AsynctionLimitsOptions,
  type AsynctionHealthDetails,
  type AsynctionModuleAsyncOptions,
  type AsynctionNamespaceState,
  type AsynctionRuntimeOptions,
  type AsynctionMockOptions,
  type AsynctionModuleOptions,
  type AsynctionRateLimit,
  type AsynctionRedisDrop,
  type AsynctionRedisDropKind,
  type AsynctionRedisMode,
  type AsynctionRedisRecoveryOptions,
  type AsynctionRedisOptions,
  type AsynctionRedisStats,
  type AsynctionRedisStatus,
  type BasicCredentials,
  type BearerCredentials,
  type ClientError,
  type OperationPerspective,
  type SchemaViolation,
  type ScopeCheck,
  type SecurityFailure,
  type SpecProblem,
  type TokenCredentials,
} from '../../lib/index.js';
import {
  AsynctionTestClient,
  ContractCoverage,
  ContractViolationError,
  TestSocket,
  appUrl,
  createTestClient,
  type AckOf,
  type AnyEvents,
  type ContractDocument,
  type ContractViolationKind,
  type CoverageCheck,
  type CoverageEntry,
  type CoverageException,
  type EventsMap,
  type ListeningApp,
  type PayloadOf,
  type TestClientOptions,
  type TestSocketOptions,
  type ViolationMode,
} from '../../lib/testing/index.js';

interface User {
  name: string;
}

@Injectable()
export class ConsumerHandlers {
  constructor(private readonly emitter: AsynctionEmitter) {}

  @AsyncOperation('user_signedup')
  async signedUp(payload: { name: string }, socket: Socket, @Principal() user: User | undefined): Promise<unknown> {
    this.emitter.emitToSocket(socket, 'welcome', { name: payload.name, by: user?.name });
    return this.emitter.emitWithAck(socket, 'ping', {});
  }

  @AsyncOperation('user_error')
  onError(error: AsynctionError, _socket: Socket): ClientError | undefined {
    const violations: readonly SchemaViolation[] =
      error instanceof PayloadValidationError || error instanceof AckValidationError ? error.errors : [];
    if (error instanceof UndeclaredEventError || error instanceof PayloadValidationError) {
      return { status: 'error', message: error.message, namespace: error.namespace, event: error.event, violations };
    }
    return undefined;
  }

  basic(credentials: BasicCredentials): User | false {
    return credentials.password === 'secret' && { name: credentials.username };
  }

  bearer(credentials: BearerCredentials | TokenCredentials | ApiKeyCredentials): User | undefined {
    const secret = 'apiKey' in credentials ? credentials.apiKey : credentials.token;
    return secret === 'secret' ? { name: credentials.scheme } : undefined;
  }

  scopes(check: ScopeCheck): boolean {
    return check.required.every((scope) => check.granted.includes(scope));
  }
}

const onUnhandled: AsynctionErrorHandler = (error, socket) => ({ message: String(error), id: socket.id });
const perspective: OperationPerspective = 'application';
const spec: AsyncApiSpec = './docs/asyncapi';
const mode: AsynctionRedisMode = 'streams';
const recovery: AsynctionRedisRecoveryOptions = { maxDisconnectionDuration: 60_000 };
const redis: AsynctionRedisOptions = { url: 'redis://localhost:6380', connectTimeout: 1000, mode, recovery };
const mock: AsynctionMockOptions = { operations: 'missing', seed: 7, auth: 'well-formed' };
const docs: AsynctionDocsOptions = { path: '/asyncapi' };
const rateLimit: AsynctionRateLimit = { rate: 50, burst: 100 };
const limits: AsynctionLimitsOptions = { refusalsPerConnection: 3, checkTimeout: 2000, rateLimit };
const options: AsynctionModuleOptions = {
  spec,
  perspective,
  defaultErrorHandler: onUnhandled,
  redis,
  mock,
  docs,
  limits,
};

@Module({ imports: [AsynctionModule.forRoot(options)], providers: [ConsumerHandlers] })
export class ConsumerModule {}

/** Run-time options from a factory (forRootAsync), and the readiness of what the application serves. */
const runtimeOptions = (url: string): AsynctionRuntimeOptions => ({ redis: { url }, shutdownTimeout: 5000 });
const asyncOptions: AsynctionModuleAsyncOptions = { spec, useFactory: () => runtimeOptions('redis://localhost:6380') };

@Module({ imports: [AsynctionModule.forRootAsync(asyncOptions)], providers: [ConsumerHandlers] })
export class AsyncConsumerModule {}

export function readiness(app: INestApplication): AsynctionNamespaceState[] {
  const details: AsynctionHealthDetails = app.get(AsynctionHealth).check().asynction;
  return Object.values(details.namespaces);
}

export class MyAdapter extends AsynctionRedisIoAdapter {
  override createIOServer(port: number, serverOptions?: Parameters<AsynctionRedisIoAdapter['createIOServer']>[1]) {
    const server = super.createIOServer(port, serverOptions);
    server.on('connection', (socket: Socket) => socket.join('everyone'));
    return server;
  }
}

/** Reports what went wrong at startup, and watches the broker. */
export async function start(app: INestApplication): Promise<AsynctionRedisStats | string> {
  app.useWebSocketAdapter(new MyAdapter(app));
  try {
    await app.init();
  } catch (error) {
    if (error instanceof AsynctionSpecError) {
      const problems: readonly SpecProblem[] = error.problems;
      return problems.map((p) => `${p.at.file}#${p.at.pointer}: ${p.message} Fix: ${p.fix}`).join('\n');
    }
    if (error instanceof BrokerUnavailableError || error instanceof EmitError) return error.message;
    if (error instanceof RateLimitError) return `${error.event}: ${error.rate}/s`;
    if (error instanceof SecurityError) return error.failures.map((f: SecurityFailure) => f.reason).join(', ');
    if (error instanceof BindingsValidationError) return error.data.namespace;
    throw error;
  }
  const broker = app.get(AsynctionRedisBroker);
  const status: AsynctionRedisStatus = broker.status;
  broker.on('dropped', (drop: AsynctionRedisDrop) => {
    const kind: AsynctionRedisDropKind = drop.kind;
    console.warn(status, kind, drop.channel);
  });
  return broker.stats;
}

interface UserEvents extends EventsMap {
  signedup: (payload: { name: string }, ack: (reply: { ok: boolean }) => void) => void;
}

/** A contract test of the application with the testing client: what it received, and what no test exercised. */
export async function contractTest(app: ListeningApp): Promise<readonly CoverageEntry[]> {
  const coverage = new ContractCoverage();
  const mode: ViolationMode = 'collect';
  const socketOptions: TestSocketOptions = { transports: ['websocket'] };
  const document: ContractDocument = { spec, perspective };
  const clientOptions: TestClientOptions = { document, url: appUrl(app), coverage, violations: mode, socketOptions };
  const client: AsynctionTestClient = createTestClient(clientOptions);
  const socket: TestSocket<AnyEvents, UserEvents> = await client.connect<AnyEvents, UserEvents>('/user');
  const payload: PayloadOf<UserEvents, 'signedup'> = { name: 'Ann' };
  const ack: AckOf<Parameters<UserEvents['signedup']>> = await socket.emitWithAck('signedup', payload);
  const kinds: ContractViolationKind[] = client.violations
    .filter((v): v is ContractViolationError => v instanceof ContractViolationError)
    .map((v) => v.kind);
  await client.closeAll();
  const notAcked: CoverageCheck = 'acked';
  const except: CoverageException[] = ack.ok ? [{ check: notAcked }] : kinds.map(() => ({ direction: 'outbound' }));
  coverage.expectFullCoverage({ except });
  return coverage.data();
}

/**
 * The types a file generated by `asynction types` uses and augments. Without such a file in the program the maps are
 * empty and every id, namespace and event is a string, as here.
 */
export const generatedTypes = {
  maps: {} as { handlers: AsynctionOperations; verifiers: AsynctionSecurityVerifiers; emits: AsynctionNamespaces },
  place: ((order) => ({ orderId: order.sku })) as AsynctionMessageHandler<{ sku: string }, { orderId: string }>,
  later: Promise.resolve(1) as AsynctionResult<number>,
  onError: ((error: AsynctionError) => error.message) as AsynctionErrorHandlerMethod,
  onConnect: ((socket: Socket) => socket.id) as AsynctionConnectHandler,
  onDisconnect: ((_socket, reason) => reason) as AsynctionDisconnectHandler,
  verify: ((credentials) => credentials.token) as AsynctionVerifier<BearerCredentials>,
  id: 'user_signedup' as AsyncOperationId,
  method: ((payload: unknown) => payload) as AsyncOperationMethod<'user_signedup'>,
  namespace: '/user' as AsynctionEmitNamespace,
  event: 'welcome' as AsynctionEmitEvent<'/user'>,
  anyEvent: 'ping' as AsynctionEmitAnyEvent,
  args: [{ name: 'Ann' }] as AsynctionEmitArgs<'/user', 'welcome'>,
  ack: undefined as AsynctionEmitAck<'/user', 'ping'>,
};
