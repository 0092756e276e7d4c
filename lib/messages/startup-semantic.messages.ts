/** Startup problems of the rules the official JSON Schema cannot express, each `{ message, fix }`. */
import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import { where } from './startup-format.messages.js';

export const semanticStartupMessages = {
  // Rules the official JSON Schema cannot express (document/semantic.check.ts), as the official parser words them
  operationMessageNotInChannel: (operation: string, ref: string, channelRef: string) => ({
    message:
      `operation "${operation}" lists message "${ref}", which is not one of the messages of its channel ` +
      `"${channelRef}"`,
    fix:
      `reference one of the channel's own messages ("${channelRef}/messages/<messageId>"), or add the message to ` +
      `that channel`,
  }),
  replyMessageNotInChannel: (ref: string, channelRef: string) => ({
    message: `the reply lists message "${ref}", which is not one of the messages of its channel "${channelRef}"`,
    fix:
      `reference one of the reply channel's own messages ("${channelRef}/messages/<messageId>"), or remove the ` +
      `reply's "channel"`,
  }),
  referenceOutsideRoot: (what: string, ref: string, root: string) => ({
    message: `${what} references "${ref}", which is not under the root "${root}"`,
    fix:
      `reference an entry of the root "${root}" (e.g. "#/${root}/<id>"), adding it there first: components and ` +
      `other files only hold what the root lists`,
  }),
  channelParameterMissing: (names: readonly string[], address: string) => ({
    message:
      `"${address}" has parameter${names.length === 1 ? '' : 's'} ${names.map((n) => `"${n}"`).join(', ')} ` +
      `that "parameters" does not describe`,
    fix: `add ${names.map((n) => `"${n}"`).join(', ')} under "parameters"`,
  }),
  channelParameterRedundant: (name: string, address: string) => ({
    message: `parameter "${name}" does not appear in "${address}"`,
    fix: `remove "${name}" from "parameters", or write "{${name}}" in the address`,
  }),
  serverVariableMissing: (names: readonly string[], url: string) => ({
    message:
      `"${url}" has variable${names.length === 1 ? '' : 's'} ${names.map((n) => `"${n}"`).join(', ')} that ` +
      `"variables" does not describe`,
    fix: `add ${names.map((n) => `"${n}"`).join(', ')} under "variables"`,
  }),
  serverVariableRedundant: (name: string, url: string) => ({
    message: `variable "${name}" does not appear in "${url}"`,
    fix: `remove "${name}" from "variables", or write "{${name}}" in the server's address`,
  }),
  channelServerUndeclared: (name: string, declared: readonly string[]) => ({
    message: `channel names server "${name}", which is not declared under "servers"`,
    fix: `use one of: ${declared.join(', ') || '(no servers declared)'}, or declare "${name}" under "servers"`,
  }),
  channelQueryOrFragment: (channel: string) => ({
    message: `channel "${channel}" contains a query ("?") or fragment ("#") delimiter`,
    fix: 'remove the "?..." or "#..." part: a channel address names a channel, not a URL with a query',
  }),
  duplicateMessageId: (id: string, other: SourceLocation) => ({
    message: `messageId "${id}" is used by two different messages (also at ${where(other)})`,
    fix: 'give each message its own messageId, or reference one message from both places with $ref',
  }),
  duplicateTag: (name: string) => ({
    message: `tag "${name}" is listed twice`,
    fix: 'remove the second tag of that name',
  }),
} as const;
