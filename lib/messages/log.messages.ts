/**
 * Developer-facing texts: the exceptions the emitter, the Redis scale-out and the docs page throw, the lines they
 * log, and what `asynction types` prints.
 * Tests import these factories, so wording never drifts from behaviour.
 */
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { violationsText } from './client.messages.js';

export const logMessages = {
  ackInvalid: (namespace: string, event: string, errors: readonly SchemaViolation[]) =>
    `Invalid acknowledgement for event "${event}" in namespace "${namespace}": ${violationsText(errors)}`,
  emitUnknownNamespace: (namespace: string, known: readonly string[]) =>
    `Cannot emit to namespace "${namespace}": the document declares no such namespace (declared: ` +
    `${known.join(', ')}). Fix: use a declared namespace or add the channel to the document.`,
  emitUnknownEvent: (namespace: string, event: string, known: readonly string[]) =>
    `Cannot emit event "${event}" in namespace "${namespace}": the document declares no such outbound message ` +
    `(declared: ${known.length ? known.join(', ') : 'none'}). Fix: declare it (AsyncAPI 2 "subscribe", 3 "action: ` +
    `send") or correct the name.`,
  emitInvalid: (namespace: string, event: string, detail: string) =>
    `Cannot emit event "${event}" in namespace "${namespace}": ${detail}. Nothing was sent.`,
  emitNotReady: (namespace: string) =>
    `Cannot emit to namespace "${namespace}" yet: its gateway is not initialised. Fix: emit after app.init() (e.g. ` +
    `from onApplicationBootstrap or a handler).`,
  ackTimeout: (namespace: string, event: string, ms: number) =>
    `No acknowledgement for event "${event}" in namespace "${namespace}" within ${ms} ms`,
  ackSendFailed: (namespace: string, event: string, reason: string) =>
    `The acknowledgement for event "${event}" in namespace "${namespace}" could not be encoded: ${reason}`,
  // The mock (lib/mock/)
  mockPackageMissing: (name: string, reason: string) =>
    `The "mock" option and "asynction mock" need "${name}", which cannot be loaded (${reason}). ` +
    `Fix: npm install --save-dev ${name}`,
  mockStarted: (seed: number, count: number) =>
    `The mock stands in for ${count} event${count === 1 ? '' : 's'} and handler${count === 1 ? '' : 's'} ` +
    `(seed ${seed}):`,
  mockNotMockable: (ack: boolean) =>
    `not mockable: no generated ${ack ? 'ack' : 'payload'} matched its schema, so the mock never sends one. ` +
    'Fix: add an example to the message or loosen the schema.',
  mockAckUnavailable: (namespace: string, event: string) =>
    `The mock has no valid acknowledgement for event "${event}" in namespace "${namespace}": no generated value ` +
    'matched the ack schema. Fix: implement the operation or add examples to the ack schema.',
  mockGenerationFailed: (namespace: string, event: string) =>
    `The mock skipped event "${event}" in namespace "${namespace}": no generated payload matched its schema ` +
    'this time (reported once).',
  // Refused messages and connections (gateway/refusal.log.ts)
  refused: (reason: string, namespace: string, event: string, detail: string) =>
    `${reason[0].toUpperCase()}${reason.slice(1)} in namespace "${namespace}"${event ? ` (event "${event}")` : ''}: ` +
    `${detail}. Further ones are counted and summed up in one line per "logSummaryInterval".`,
  refusalSummary: (reason: string, count: number, ms: number) =>
    `${reason[0].toUpperCase()}${reason.slice(1)}: ${count} more within ${ms} ms, not logged one by one (option ` +
    `"logSummaryInterval").`,
  // Telemetry (telemetry/asynction.telemetry.ts)
  telemetryPackageMissing: (reason: string) =>
    `The "telemetry" option needs "@opentelemetry/api", which cannot be loaded (${reason}). ` +
    'Fix: npm install @opentelemetry/api (and an OpenTelemetry SDK to export what it records), or remove "telemetry".',
  // Graceful shutdown (gateway/graceful-shutdown.ts)
  shutdownDone: (finished: number, clients: number) =>
    `Shut down: ${finished} handler${finished === 1 ? '' : 's'} in flight finished, ${clients} ` +
    `client${clients === 1 ? '' : 's'} disconnected.`,
  shutdownTimedOut: (running: number, ms: number) =>
    `Shutdown: ${running} handler${running === 1 ? '' : 's'} still running after "shutdownTimeout" (${ms} ms); their ` +
    `clients are disconnected and their acks are lost. Fix: raise "shutdownTimeout" or make the handlers finish ` +
    `sooner.`,
  // Redis scale-out (lib/redis/)
  // Docs page (lib/docs-page/)
  docsPackageMissing: (name: string, version: string, reason: string) =>
    `The "docs" option renders the page with "${name}", which cannot be found (${reason}). ` +
    `Fix: npm install --save-exact ${name}@${version}, or remove "docs".`,
  docsPathInvalid: (path: string) =>
    `The "docs.path" option "${path}" is not a path the page can be served at. ` +
    'Fix: write "/" and segments of letters, digits, ".", "_", "~" or "-" separated by "/", such as "/asyncapi".',
  docsRouteTaken: (path: string, reason: string) =>
    `The "docs" option cannot serve GET ${path}: the application already has that route (${reason}). ` +
    'Fix: set "docs: { path }" to a path no route of the application uses.',
  docsWithoutHttp: () =>
    'The "docs" option serves a page over HTTP, and this application has no HTTP server ' +
    '(NestFactory.createApplicationContext). Fix: create the application with NestFactory.create, or remove "docs".',
  docsAdapterUnsupported: (type: string) =>
    `The "docs" option serves its page through the Express or Fastify HTTP adapter, not "${type}". ` +
    'Fix: use @nestjs/platform-express or @nestjs/platform-fastify, or write the page with "npx asynction docs" ' +
    'and serve the files yourself.',
  redisPackagesMissing: (packages: readonly string[], reason: string) =>
    `The "redis" option needs ${packages.map((p) => `"${p}"`).join(', ')}, which cannot be loaded (${reason}). Fix: ` +
    `npm install ${packages.join(' ')}`,
  redisStartFailed: (url: string, reason: string, ms: number) =>
    `Cannot connect to Redis at ${url} (${reason}), so the application did not start. Fix: start Redis or correct ` +
    `"redis.url"; startup waits "redis.connectTimeout" (${ms} ms) for it.`,
  redisAdapterReplaced: (adapter: string) =>
    `The "redis" option installs AsynctionRedisIoAdapter as the WebSocket adapter, but app.useWebSocketAdapter() ` +
    `replaced it with ${adapter}, which does not reach other instances. Fix: extend AsynctionRedisIoAdapter ` +
    `instead of IoAdapter and pass the app (new MyAdapter(app)), or remove the app.useWebSocketAdapter() call.`,
  redisModeUnknown: (mode: string, modes: readonly string[]) =>
    `"redis.mode" is '${mode}', which is not a mode of the Redis scale-out. Fix: use one of ` +
    `${modes.map((m) => `'${m}'`).join(', ')}.`,
  redisOptionNeedsMode: (option: string, mode: string, given: string) =>
    `The "redis.${option}" option only applies to "redis.mode: '${mode}'", but the mode is '${given}', so it would ` +
    `be ` +
    `ignored. Fix: set "redis.mode: '${mode}'", or remove "redis.${option}".`,
  redisNotConfigured: () =>
    'AsynctionRedisIoAdapter finds no Redis connection in this application. Fix: give AsynctionModule.forRoot the ' +
    '"redis" option ({ spec, redis: { url } }).',
  redisDown: (url: string, reason: string) =>
    `Redis at ${url} is unreachable (${reason}). This instance keeps serving its own clients; messages for other ` +
    `instances are dropped and counted (AsynctionRedisBroker.stats) until Redis returns.`,
  redisUp: (url: string, seconds: number, dropped: number) =>
    `Redis at ${url} is reachable again after ${seconds} s; ${dropped} message${dropped === 1 ? '' : 's'} for other ` +
    `instances ${dropped === 1 ? 'was' : 'were'} dropped meanwhile.`,
  redisDropped: (kind: string, channel: string, reason: string) =>
    `A ${kind} for other instances (Redis channel "${channel}") was dropped: ${reason}. Further drops are counted in ` +
    `AsynctionRedisBroker.stats without a log line until Redis is reachable again.`,
  redisUnavailable: (operation: string, url: string) =>
    `Cannot ${operation}: Redis at ${url} is unreachable, so the other instances cannot answer. Fix: retry once ` +
    `AsynctionRedisBroker.status is 'ready' (its 'up' event); for this instance's own sockets use the local flag ` +
    `(e.g. server.local.fetchSockets()).`,
  redisEmitUnavailable: (namespace: string, url: string) =>
    `Cannot emit to namespace "${namespace}": Redis at ${url} is unreachable, so nothing was sent. Fix: retry once ` +
    `AsynctionRedisBroker.status is 'ready' (its 'up' event).`,
  // Security and handshake bindings (lib/security/)
  redisCommandFailed: (command: string, reason: string) => `Redis ${command} failed: ${reason}`,
  redisNoAnswer: (ms?: number) => (ms === undefined ? 'no answer' : `no answer within ${ms} ms`),
  /** What a cross-instance request does, for `redisUnavailable`. */
  redisAskOthers: 'ask the other instances (fetchSockets, allRooms, serverSideEmitWithAck)',
  // asynction types (lib/cli/)
  typesWritten: (file: string, namespaces: number, operations: number) =>
    `✓ ${file}: types for ${namespaces} namespace${namespaces === 1 ? '' : 's'} and ${operations} handler` +
    ` id${operations === 1 ? '' : 's'}`,
  typesUpToDate: (file: string) => `✓ ${file} is up to date with its documents`,
  typesMissing: (file: string, command: string) => `✗ ${file} does not exist; generate it with: ${command}`,
  typesOutOfDate: (file: string, line: number, command: string) =>
    `✗ ${file} differs from what the documents generate (first at line ${line}); regenerate it with: ${command}`,
  typesCheckNeedsOutput: () => '--check needs -o <file.ts>: the file to compare with what the documents generate',
  // Abusive clients (the `limits` option)
  refusalsClosed: (address: string, refusals: number) =>
    `Closed the connection of ${address} after ${refusals} refused namespace connections ` +
    '("limits.refusalsPerConnection").',
  addressBlocked: (address: string, refusals: number, windowMs: number) =>
    `Refusing namespace connections from ${address} unchecked for the rest of its ${windowMs} ms window: ` +
    `${refusals} were refused ("limits.refusalsPerAddress", "limits.refusalWindow").`,
  checkTimeout: (what: string, id: string, namespace: string, ms: number) =>
    `The ${what} "${id}" of namespace "${namespace}" did not settle within ${ms} ms ("limits.checkTimeout"), ` +
    'so the client was refused; what it returns later is ignored.',
  connectHandlerFailed: (id: string, namespace: string, detail: string) =>
    `The connect handler "${id}" of namespace "${namespace}" threw, so the client was refused with a generic ` +
    `message: ${detail}`,
  rateLimitClosed: (address: string, excess: number) =>
    `Closed the connection of ${address} after ${excess} messages in a row over "limits.rateLimit".`,
} as const;
