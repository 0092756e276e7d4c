import { startupMessages } from './messages/index.js';
import { closest } from './document/official-schema/official-schema.suggestion.js';
import { appendPointer, isRecord } from './document/json-pointer.js';
import type { SpecProblem } from './interfaces/spec-problem.interface.js';
import type {
  AsynctionDocsOptions,
  AsynctionLimitsOptions,
  AsynctionMockOptions,
  AsynctionModuleOptions,
  AsynctionRateLimit,
  AsynctionRedisOptions,
  AsynctionRedisRecoveryOptions,
} from './interfaces/asynction-options.interface.js';

/** The "file" of a problem with the options of `AsynctionModule.forRoot` themselves. */
export const OPTIONS_SOURCE = '<options>';

// Records, so that the compiler refuses an option added to the interfaces and forgotten here (and the reverse).
const MODULE_OPTIONS: Record<keyof AsynctionModuleOptions, true> = {
  spec: true,
  validation: true,
  perspective: true,
  serverName: true,
  defaultErrorHandler: true,
  gatewayOptions: true,
  ackTimeout: true,
  isGlobal: true,
  cwd: true,
  allowedOrigins: true,
  redis: true,
  emitOnly: true,
  mock: true,
  docs: true,
  limits: true,
  shutdownTimeout: true,
  logSummaryInterval: true,
  telemetry: true,
};
const REDIS_OPTIONS: Record<keyof AsynctionRedisOptions, true> = {
  url: true,
  mode: true,
  nodes: true,
  recovery: true,
  clientOptions: true,
  connectTimeout: true,
  key: true,
  requestsTimeout: true,
};
const RECOVERY_OPTIONS: Record<keyof AsynctionRedisRecoveryOptions, true> = {
  maxDisconnectionDuration: true,
  skipMiddlewares: true,
};
const DOCS_OPTIONS: Record<keyof AsynctionDocsOptions, true> = { path: true };
const LIMITS_OPTIONS: Record<keyof AsynctionLimitsOptions, true> = {
  refusalsPerConnection: true,
  refusalsPerAddress: true,
  refusalWindow: true,
  trustProxy: true,
  checkTimeout: true,
  fairShare: true,
  rateLimit: true,
};
const RATE_LIMIT_OPTIONS: Record<keyof AsynctionRateLimit, true> = { rate: true, burst: true, disconnectAfter: true };
const MOCK_OPTIONS: Record<keyof AsynctionMockOptions, true> = {
  operations: true,
  outbound: true,
  interval: true,
  seed: true,
  auth: true,
  attempts: true,
};

/**
 * Every key of the options that `forRoot` does not know, `redis`, `mock`, `docs` and `limits` included: a
 * misspelling, or an option of a later version, would otherwise start the application silently without it.
 * (`gatewayOptions` and `redis.clientOptions` belong to socket.io and the `redis` package, which read them.)
 */
export function unknownOptionProblems(options: AsynctionModuleOptions): SpecProblem[] {
  return [
    ...unknownKeys(options, Object.keys(MODULE_OPTIONS), []),
    ...(isRecord(options.redis) ? unknownKeys(options.redis, Object.keys(REDIS_OPTIONS), ['redis']) : []),
    ...(isRecord(options.redis) && isRecord(options.redis.recovery)
      ? unknownKeys(options.redis.recovery, Object.keys(RECOVERY_OPTIONS), ['redis', 'recovery'])
      : []),
    ...(isRecord(options.mock) ? unknownKeys(options.mock, Object.keys(MOCK_OPTIONS), ['mock']) : []),
    ...(isRecord(options.docs) ? unknownKeys(options.docs, Object.keys(DOCS_OPTIONS), ['docs']) : []),
    ...(isRecord(options.limits) ? unknownKeys(options.limits, Object.keys(LIMITS_OPTIONS), ['limits']) : []),
    ...(isRecord(options.limits?.rateLimit)
      ? unknownKeys(options.limits.rateLimit, Object.keys(RATE_LIMIT_OPTIONS), ['limits', 'rateLimit'])
      : []),
  ];
}

function unknownKeys(given: object, known: readonly string[], parents: readonly string[]): SpecProblem[] {
  return Object.keys(given)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      at: { file: OPTIONS_SOURCE, pointer: appendPointer('#', ...parents, key) },
      ...startupMessages.unknownOption([...parents, key].join('.'), closest(key, known), known),
    }));
}
