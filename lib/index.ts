export { AsynctionModule } from './asynction.module.js';
export { AsynctionEmitter } from './asynction.emitter.js';
export { AsynctionHealth } from './asynction.health.js';
export type { AsynctionHealthDetails, AsynctionNamespaceState } from './asynction.health.js';
export { AsynctionRedisBroker, AsynctionRedisIoAdapter } from './redis/index.js';
export type { AsynctionRedisDrop, AsynctionRedisStats, AsynctionRedisStatus } from './redis/index.js';
export { AsyncOperation } from './decorators/index.js';
export { Principal } from './security/index.js';
export type {
  ApiKeyCredentials,
  BasicCredentials,
  BearerCredentials,
  ScopeCheck,
  TokenCredentials,
} from './security/index.js';
export * from './errors/index.js';
export type {
  AsyncApiSpec,
  AsynctionModuleOptions,
  AsynctionModuleAsyncOptions,
  AsynctionRuntimeOptions,
  OperationPerspective,
  AsynctionErrorHandler,
  AsynctionRedisOptions,
  AsynctionRedisMode,
  AsynctionRedisRecoveryOptions,
  AsynctionRedisDropKind,
  AsynctionMockOptions,
  AsynctionDocsOptions,
  AsynctionLimitsOptions,
  AsynctionRateLimit,
} from './interfaces/asynction-options.interface.js';
export type { ClientError } from './gateway/client-error.js';
export type { SpecProblem } from './interfaces/spec-problem.interface.js';
export type {
  AsynctionOperations,
  AsynctionNamespaces,
  AsynctionSecurityVerifiers,
  AsynctionResult,
  AsynctionMessageHandler,
  AsynctionErrorHandlerMethod,
  AsynctionConnectHandler,
  AsynctionDisconnectHandler,
  AsynctionVerifier,
  AsyncOperationId,
  AsyncOperationMethod,
  AsynctionEmitNamespace,
  AsynctionEmitEvent,
  AsynctionEmitAnyEvent,
  AsynctionEmitArgs,
  AsynctionEmitAck,
} from './interfaces/typed-document.interface.js';
