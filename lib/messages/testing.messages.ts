/**
 * What the contract-test client (`nestjs-asynction/testing`) says to the developer whose test it runs: violations of
 * the document, and misuse. Tests import these factories, so wording never drifts from behaviour.
 */
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { violationsText } from './client.messages.js';

/** What a violation is about, as its message names it. */
export type ContractViolationKind =
  | 'server event'
  | 'server ack'
  | 'exception event'
  | 'undeclared server event'
  | 'client message'
  | 'client ack'
  | 'undeclared client event';

export const testingMessages = {
  violation: (kind: ContractViolationKind, namespace: string, event: string, detail: string, value: string) =>
    `Contract violation (${kind}) in namespace "${namespace}", event "${event}": ${detail}; value: ${value}`,
  invalid: (errors: readonly SchemaViolation[]) => `does not match the document: ${violationsText(errors)}`,
  undeclaredServerEvent: (namespace: string) =>
    `the document declares no such message sent by the application in namespace "${namespace}" ` +
    '(AsyncAPI 2 "subscribe", 3 "action: send")',
  undeclaredClientEvent: (namespace: string) =>
    `the document declares no such message received by the application in namespace "${namespace}" ` +
    '(AsyncAPI 2 "publish", 3 "action: receive")',
  unreported: (count: number, texts: readonly string[]) =>
    `${count} contract violation${count === 1 ? '' : 's'} no test awaited:\n  ${texts.join('\n  ')}`,
  collected: (count: number, texts: readonly string[]) =>
    `expected no contract violations, found ${count}:\n  ${texts.join('\n  ')}`,
  notCovered: (count: number, table: string) =>
    `${count} part${count === 1 ? '' : 's'} of the contract never exercised (pass them in "except" to accept ` +
    `that):\n${table}`,
  clientMissing: (reason: string) =>
    `nestjs-asynction/testing needs "socket.io-client", which cannot be loaded (${reason}). ` +
    'Fix: npm install --save-dev socket.io-client',
  appNotListening: () =>
    'The Nest application is not listening, so it has no URL. Fix: await app.listen(0) before creating the client ' +
    '(app.init() alone opens no port).',
  noTarget: () => 'createTestClient needs "url" or "app": where is the application to test?',
  connectFailed: (namespace: string, url: string, reason: string) =>
    `Cannot connect to namespace "${namespace}" at ${url}: ${reason}. ` +
    'Fix: use expectRefused() if the refusal is what the test expects.',
  notRefused: (namespace: string) =>
    `Expected the connection to namespace "${namespace}" to be refused; it was accepted`,
  waitTimeout: (namespace: string, event: string, ms: number) =>
    `No "${event}" arrived in namespace "${namespace}" within ${ms} ms`,
  ackTimeout: (namespace: string, event: string, ms: number) =>
    `No acknowledgement for "${event}" in namespace "${namespace}" within ${ms} ms`,
  closed: (namespace: string, event: string) =>
    `The socket of namespace "${namespace}" was closed while waiting for "${event}"`,
} as const;
