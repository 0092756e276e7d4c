/**
 * Every user-facing message of the library, in one voice: the quoted name, what is wrong, where, how to fix it.
 * Tests import these factories, so wording never drifts from behaviour.
 */
import type { SchemaViolation } from './errors/schema-violation.interface.js';
import type { SourceLocation } from './interfaces/asyncapi-model.interface.js';
import type { SpecProblem } from './spec/spec-problem.js';

/** `file#/pointer`, the way every message names a place in a document. */
export function where(at: SourceLocation): string {
  return `${at.file}${at.pointer}`;
}

export function specErrorMessage(problems: readonly SpecProblem[]): string {
  const lines = problems.map((p, i) => `  ${i + 1}. ${where(p.at)}: ${p.message}\n     Fix: ${p.fix}`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `nestjs-asynction cannot start: the AsyncAPI document and the code disagree (${count}).\n${lines.join('\n')}`;
}

function violationsText(errors: readonly SchemaViolation[]): string {
  return errors.map((e) => `${e.pointer === '' ? '(payload)' : e.pointer} ${e.message}`).join('; ');
}

export function payloadInvalidMessage(namespace: string, event: string, errors: readonly SchemaViolation[]): string {
  return `Invalid payload for event "${event}" in namespace "${namespace}": ${violationsText(errors)}`;
}

export function ackInvalidMessage(namespace: string, event: string, errors: readonly SchemaViolation[]): string {
  return `Invalid acknowledgement for event "${event}" in namespace "${namespace}": ${violationsText(errors)}`;
}

export const messages = {
  // Loading the document
  documentNotFound: (tried: readonly string[]) => ({
    message: `AsyncAPI document not found (tried ${tried.map((t) => `"${t}"`).join(', ')})`,
    fix: 'pass the path of an existing .yaml, .yml or .json file to AsynctionModule.forRoot (relative paths start at the working directory)',
  }),
  documentUnreadable: (reason: string) => ({
    message: `the document cannot be parsed: ${reason}`,
    fix: 'correct the YAML/JSON syntax at the position given',
  }),
  documentNotObject: () => ({
    message: 'the document is not an object',
    fix: 'an AsyncAPI document is a mapping with at least "asyncapi", "info" and "channels"',
  }),
  unsupportedVersion: (version: unknown, supported: string) => ({
    message: `"asyncapi: ${String(version)}" is not a supported AsyncAPI version`,
    fix: `declare one of ${supported}`,
  }),
  refRemote: (ref: string) => ({
    message: `"$ref: ${ref}" points to a remote document, which is not fetched at startup`,
    fix: 'download the referenced document next to this one and reference it by relative path',
  }),
  refUnresolved: (ref: string, reason: string) => ({
    message: `"$ref: ${ref}" cannot be resolved: ${reason}`,
    fix: 'point the $ref at an existing file and JSON pointer (e.g. "#/components/messages/Name" or "./common.yaml#/Name")',
  }),
  schemaInvalid: (reason: string) => ({
    message: `the schema cannot be compiled: ${reason}`,
    fix: 'correct the JSON Schema at this location',
  }),
  // Namespaces and events
  namespaceUndeclared: (channel: string, namespace: string) => ({
    message: `channel "${channel}" names namespace "${namespace}", which is not declared`,
    fix: `add "${namespace}" under the top-level "x-namespaces", or name the channel "${namespace}" and give its messages a "name"`,
  }),
  messageWithoutName: (channel: string) => ({
    message: `a message of namespace channel "${channel}" has no "name", so it has no socket.io event`,
    fix: 'give the message a "name": the socket.io event it travels as',
  }),
  reservedEvent: (event: string, namespace: string) => ({
    message: `event "${event}" in namespace "${namespace}" is reserved by socket.io`,
    fix: `rename the event: "${event}" cannot carry application messages`,
  }),
  duplicateEvent: (event: string, namespace: string, direction: string, other: SourceLocation) => ({
    message: `event "${event}" is declared twice for the ${direction} direction of namespace "${namespace}" (also at ${where(other)})`,
    fix: 'merge the two messages (oneOf under one name) or rename one of them',
  }),
  duplicateOperationId: (id: string, other: SourceLocation) => ({
    message: `operation id "${id}" is used twice (also at ${where(other)})`,
    fix: 'give each operation its own id',
  }),
  inboundWithoutHandler: (event: string, namespace: string) => ({
    message: `inbound message "${event}" of namespace "${namespace}" names no handler`,
    fix: 'give its operation an "operationId", or the message an "x-handler"',
  }),
  serverUndeclared: (name: string, declared: readonly string[]) => ({
    message: `server "${name}" (the serverName option) is not declared`,
    fix: `use one of: ${declared.join(', ') || '(no servers declared)'}, or declare it under "servers"`,
  }),
  // Binding code to the document
  missingHandler: (id: string, what: string) => ({
    message: `${what} "${id}" has no handler`,
    fix: `decorate a provider method with @AsyncOperation('${id}') and list its class in a module's providers`,
  }),
  duplicateHandler: (id: string, methods: readonly string[]) => ({
    message: `operation id "${id}" is handled by ${methods.length} methods (${methods.join(', ')})`,
    fix: `keep @AsyncOperation('${id}') on exactly one method`,
  }),
  unknownHandler: (id: string, method: string) => ({
    message: `${method} is decorated with @AsyncOperation('${id}'), but the document declares no operation, error handler or connect/disconnect handler with that id`,
    fix: 'correct the id, or declare it in the document (operationId, x-handler, x-handlers or errorHandler)',
  }),
  outboundHandler: (id: string, method: string) => ({
    message: `${method} is decorated with @AsyncOperation('${id}'), but "${id}" is an operation the application sends (AsyncAPI 2 "subscribe"), which has no handler`,
    fix: "if the document describes operations from the application's point of view (subscribe = the application receives), set `perspective: 'application'` in AsynctionModule.forRoot options; otherwise remove the decorator and send the message with AsynctionEmitter",
  }),
  requestScopedHandler: (id: string, method: string) => ({
    message: `${method} handles "${id}" but its provider is request-scoped or transient-dependent; socket.io events have no request to scope to`,
    fix: 'make the handler provider a singleton (the default scope), and inject request-like state through the socket',
  }),
} as const;

export const runtimeMessages = {
  argumentsCount: (expected: number, got: number) =>
    `expected ${expected} argument${expected === 1 ? '' : 's'}, got ${got}`,
  internalError: 'Internal server error',
  forbidden: 'Forbidden resource',
  connectRefused: (namespace: string, reason: string) => `Connection to namespace "${namespace}" refused: ${reason}`,
  emitUnknownNamespace: (namespace: string, known: readonly string[]) =>
    `Cannot emit to namespace "${namespace}": the document declares no such namespace (declared: ${known.join(', ')}). Fix: use a declared namespace or add the channel to the document.`,
  emitUnknownEvent: (namespace: string, event: string, known: readonly string[]) =>
    `Cannot emit event "${event}" in namespace "${namespace}": the document declares no such outbound message (declared: ${known.length ? known.join(', ') : 'none'}). Fix: declare it (AsyncAPI 2 "subscribe", 3 "action: send") or correct the name.`,
  emitInvalid: (namespace: string, event: string, detail: string) =>
    `Cannot emit event "${event}" in namespace "${namespace}": ${detail}. Nothing was sent.`,
  emitNotReady: (namespace: string) =>
    `Cannot emit to namespace "${namespace}" yet: its gateway is not initialised. Fix: emit after app.init() (e.g. from onApplicationBootstrap or a handler).`,
  ackTimeout: (namespace: string, event: string, ms: number) =>
    `No acknowledgement for event "${event}" in namespace "${namespace}" within ${ms} ms`,
  ackSendFailed: (namespace: string, event: string, reason: string) =>
    `The acknowledgement for event "${event}" in namespace "${namespace}" could not be encoded: ${reason}`,
} as const;
