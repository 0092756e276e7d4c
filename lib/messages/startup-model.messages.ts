/**
 * Startup problems of what the document declares, as the model builders and the merger read it: namespaces, events,
 * servers and payload schema formats, each `{ message, fix }`.
 */
import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import { where } from './startup-format.messages.js';

export const modelStartupMessages = {
  // Namespaces and events
  namespaceUndeclared: (channel: string, namespace: string) => ({
    message: `channel "${channel}" names namespace "${namespace}", which is not declared`,
    fix:
      `add "${namespace}" under the top-level "x-namespaces", or name the channel "${namespace}" and give its ` +
      `messages a "name"`,
  }),
  channelEventEmpty: (channel: string, namespace: string) => ({
    message: `channel "${channel}" names no socket.io event in namespace "${namespace}": nothing follows its last "/"`,
    fix:
      `name the event after the "/" ("${channel.replace(/\/*$/, '')}/<event>"), or name the channel "${namespace}"` +
      ' to make it a namespace whose messages\' "name"s are the events',
  }),
  messageWithoutName: (channel: string) => ({
    message: `a message of namespace channel "${channel}" has no "name", so it has no socket.io event`,
    fix:
      'give the message a "name": the socket.io event it travels as (or define it under "components.messages" and' +
      ' reference it with $ref: its key is the event)',
  }),
  reservedEvent: (event: string, namespace: string, direction: 'inbound' | 'outbound') => ({
    message: `${direction} event "${event}" in namespace "${namespace}" is reserved by socket.io`,
    fix:
      event === 'error'
        ? 'rename the event: socket.io emits "error" on a server socket itself, so a client cannot send it' +
          ' (the server may send "error")'
        : `rename the event: "${event}" cannot carry application messages`,
  }),
  duplicateEvent: (event: string, namespace: string, direction: string, other: SourceLocation) => ({
    message:
      `event "${event}" is declared twice for the ${direction} direction of namespace "${namespace}" (also at ` +
      `${where(other)})`,
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
  // Payload schema formats and AsyncAPI 3 (document/model-v3.builder.ts, document/schema-format.ts)
  schemaFormatUnsupported: (format: string, what: string, served: readonly string[]) => ({
    message: `${what} declares its payload in schemaFormat "${format}", which nestjs-asynction cannot validate`,
    fix: `rewrite the payload as an AsyncAPI Schema or a JSON Schema draft-07 (schemaFormat ${served.join(' or ')})`,
  }),
  // Several documents in one application (document/document.merger.ts)
  documentsConflict: (what: string, namespace: string, other: SourceLocation) => ({
    message: `${what} of namespace "${namespace}" is declared by two documents differently (also at ${where(other)})`,
    fix: 'declare it in one document only, or make both declarations identical',
  }),
} as const;
