/**
 * What a socket.io client sees: the `exception` event and acks of a refused message, and `connect_error` of a
 * refused connection. Tests import these factories, so wording never drifts from behaviour.
 */
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';

/** Event names come from clients: quote at most this much of one. */
const QUOTED_EVENT_LIMIT = 64;

/** A refusal names at most this many namespaces: any client can ask for it, so it must not grow with the document. */
const LISTED_NAMESPACES_LIMIT = 10;

/** Schema errors, each named by its JSON pointer (`(payload)` for the value itself): `/text must be string; ...`. */
export function violationsText(errors: readonly SchemaViolation[]): string {
  return errors.map((e) => `${e.pointer === '' ? '(payload)' : e.pointer} ${e.message}`).join('; ');
}

export const clientMessages = {
  payloadInvalid: (namespace: string, event: string, errors: readonly SchemaViolation[]) =>
    `Invalid payload for event "${event}" in namespace "${namespace}": ${violationsText(errors)}`,
  undeclaredEvent: (namespace: string, event: string) => {
    const quoted = event.length > QUOTED_EVENT_LIMIT ? `${event.slice(0, QUOTED_EVENT_LIMIT)}...` : event;
    return `Event "${quoted}" is not declared for namespace "${namespace}" in the AsyncAPI document`;
  },
  /** A client sent an event the document declares only for the server to send (2.x `subscribe`, 3.x `send`). */
  serverOnlyEvent: (namespace: string, event: string) =>
    `Event "${event}" of namespace "${namespace}" is declared for the server to send only: ` + 'clients cannot send it',
  validationAborted: (reason: string) => `could not be validated (${reason}), so it is refused`,
  argumentsCount: (expected: number, got: number) =>
    `expected ${expected} argument${expected === 1 ? '' : 's'}, got ${got}`,
  internalError: 'Internal server error',
  forbidden: 'Forbidden resource',
  mainNamespaceUndeclared: (declared: readonly string[]) => {
    const listed = declared.slice(0, LISTED_NAMESPACES_LIMIT).join(', ');
    const more = declared.length - LISTED_NAMESPACES_LIMIT;
    return (
      `Invalid namespace: the AsyncAPI document declares no main namespace "/"; connect to ${listed}` +
      (more > 0 ? ` or one of ${more} more` : '')
    );
  },
  connectRefused: (namespace: string, reason: string) => `Connection to namespace "${namespace}" refused: ${reason}`,
  securityRefused: (failures: ReadonlyArray<{ requirement: string; reason: string }>) =>
    failures.length === 1
      ? `security requirement ${failures[0].requirement} not met (${failures[0].reason})`
      : `no security requirement met (${failures.map((f) => `${f.requirement}: ${f.reason}`).join('; ')})`,
  credentialsMissing: 'no credentials',
  credentialsMalformed: 'malformed credentials',
  credentialsRejected: 'credentials rejected',
  scopesMissing: (scopes: readonly string[]) =>
    `missing scope${scopes.length === 1 ? '' : 's'} ${scopes.map((s) => `"${s}"`).join(', ')}`,
  scopesRejected: 'scopes rejected',
  eventRefused: (namespace: string, event: string, reason: string) =>
    `Event "${event}" in namespace "${namespace}" refused: ${reason}`,
  handshakeInvalid: (errors: readonly SchemaViolation[]) =>
    `the handshake does not match the channel's WebSockets bindings: ${violationsText(errors)}`,
  handshakeMethod: (expected: string, got: string) => `must be ${expected}, got ${got}`,
  handshakeRequired: 'is required',
  shuttingDown: (namespace: string) =>
    `Namespace "${namespace}" is shutting down: no new connections or messages are accepted. Reconnect in a moment.`,
  originRefused: (origin: string) => `origin "${origin}" is not allowed`,
  // Abusive clients (the `limits` option)
  checkTimedOut: 'credentials could not be checked in time',
  connectHandlerTimedOut: 'the connection could not be accepted in time',
  tooManyRefusals: 'too many refused connection attempts; try again later',
  rateLimited: (namespace: string, event: string, rate: number, burst: number) =>
    `Event "${event}" in namespace "${namespace}" refused: more than ${rate} messages per second ` +
    `(bursts of ${burst}) on this connection`,
} as const;
