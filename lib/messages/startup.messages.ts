/**
 * Startup problems: what is wrong with a document, or with how the code binds to it, each `{ message, fix }` in one
 * voice (the quoted name, what is wrong; `where` adds the file and JSON pointer). Tests import these factories, so
 * wording never drifts from behaviour.
 */
import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import { optionsStartupMessages } from './startup-options.messages.js';
import { securityStartupMessages } from './startup-security.messages.js';

/** `file#/pointer`, the way every message names a place in a document. */
export function where(at: SourceLocation): string {
  return `${at.file}${at.pointer}`;
}

/**
 * Numbered problems, each with its fix, as `app.init()` and `asynction validate` print them.
 * @param show how a file is named (the CLI shortens absolute paths)
 */
export function problemList(problems: readonly SpecProblem[], show: (file: string) => string = (f) => f): string {
  return problems
    .map((p, i) => `  ${i + 1}. ${show(p.at.file)}${p.at.pointer}: ${p.message}\n     Fix: ${p.fix}`)
    .join('\n');
}

/**
 * Warnings of `asynction validate`, one `warning:` line each with its fix: valid, but probably not meant.
 * @param show how a file is named (the CLI shortens absolute paths)
 */
export function warningList(warnings: readonly SpecProblem[], show: (file: string) => string = (f) => f): string {
  return warnings.map((w) => `warning: ${show(w.at.file)}${w.at.pointer}: ${w.message}\n  Fix: ${w.fix}\n`).join('');
}

/** `1 problem`, `3 problems`. */
export function problemCount(count: number): string {
  return count === 1 ? '1 problem' : `${count} problems`;
}

/**
 * The message of `AsynctionSpecError`: a header that says what kind of trouble it is (a document that cannot be read,
 * or a document and code that disagree), then every problem at once, unreadable documents first.
 */
export function specErrorMessage(problems: readonly SpecProblem[]): string {
  const unreadable = problems.filter((p) => p.unreadable);
  const others = problems.filter((p) => !p.unreadable);
  const headers = [
    ...(unreadable.length > 0 ? [`cannot read the AsyncAPI document (${problemCount(unreadable.length)})`] : []),
    ...(others.length > 0 ? [`the AsyncAPI document and the code disagree (${problemCount(others.length)})`] : []),
  ];
  return `nestjs-asynction cannot start: ${headers.join('; ')}.\n${problemList([...unreadable, ...others])}`;
}

const documentStartupMessages = {
  // Loading the document
  documentNotFound: (tried: readonly string[]) => ({
    message: `AsyncAPI document not found (tried ${tried.map((t) => `"${t}"`).join(', ')})`,
    fix:
      'pass the path of an existing .yaml, .yml or .json file to AsynctionModule.forRoot (relative paths start at ' +
      'the working directory)',
    unreadable: true as const,
  }),
  documentUnreadable: (reason: string) => ({
    message: `the document cannot be parsed: ${reason}`,
    fix: 'correct the YAML/JSON syntax at the position given',
    unreadable: true as const,
  }),
  documentNotObject: () => ({
    message: 'the document is not an object',
    fix: 'an AsyncAPI document is a mapping with at least "asyncapi", "info" and "channels"',
    unreadable: true as const,
  }),
  versionMissing: (latest: string, supported: string) => ({
    message: 'the document has no "asyncapi" field, so its AsyncAPI version is unknown',
    fix: `add "asyncapi: ${latest}" (or another supported version: ${supported})`,
  }),
  unsupportedVersion: (version: unknown, supported: string) => ({
    message: `"asyncapi: ${String(version)}" is not a supported AsyncAPI version`,
    fix: `declare one of ${supported}`,
  }),
  documentTooDeep: (limit: number) => ({
    message:
      `the document nests deeper than ${limit} levels here (objects and arrays, counted from its root with $refs` +
      ' followed), deeper than nestjs-asynction reads',
    fix:
      `restructure it to nest at most ${limit} levels (a recursive schema is fine: a $ref back to an enclosing` +
      ' schema adds no depth)',

    unreadable: true as const,
  }),
  documentTooLarge: (limit: number) => ({
    message:
      `this part of the document holds more than ${limit.toLocaleString('en')} values once its $refs are followed` +
      ' (each reference counts as a copy of what it references), more than nestjs-asynction reads',
    fix: 'check for references that multiply: schemas that each reference another several times, level after level',

    unreadable: true as const,
  }),
  documentReadFailed: (reason: string) => ({
    message: `the document could not be read: ${reason}`,
    fix: 'this is a defect of nestjs-asynction, not of the document: please report it with the document attached',
    unreadable: true as const,
  }),
  refRemote: (ref: string) => ({
    message: `"$ref: ${ref}" points to a remote document, which is not fetched at startup`,
    fix: 'download the referenced document next to this one and reference it by relative path',
  }),
  refUnresolved: (ref: string, reason: string) => ({
    message: `"$ref: ${ref}" cannot be resolved: ${reason}`,
    fix:
      'point the $ref at an existing file and JSON pointer (e.g. "#/components/messages/Name" or ' +
      '"./common.yaml#/Name")',
  }),
  schemaInvalid: (reason: string) => ({
    message: `the schema cannot be compiled: ${reason}`,
    fix: 'correct the JSON Schema at this location',
  }),
  patternNotLinear: (reason: string) => ({
    message:
      `a "pattern" (or "patternProperties" name) of this schema cannot run on the linear-time regular ` +
      `expression engine (RE2 syntax) that validates client strings: ${reason}`,
    fix:
      'rewrite it without backreferences (\\1), lookaround ((?=, (?!, (?<=, (?<!) or repeat counts over 1000, or ' +
      'check that rule in the handler',
  }),
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
    message:
      `${method} is decorated with @AsyncOperation('${id}'), but the document declares no operation, error ` +
      `handler or connect/disconnect handler with that id`,
    fix: 'correct the id, or declare it in the document (operationId, x-handler, x-handlers or errorHandler)',
  }),
  outboundHandler: (id: string, method: string) => ({
    message:
      `${method} is decorated with @AsyncOperation('${id}'), but "${id}" is an operation the application ` +
      `sends (AsyncAPI 2 "subscribe", AsyncAPI 3 "action: send"), which has no handler`,
    fix:
      "if an AsyncAPI 2 document describes operations from the application's point of view (subscribe = the " +
      "application receives), set `perspective: 'application'` in AsynctionModule.forRoot options; otherwise " +
      'remove the decorator and send the message with AsynctionEmitter',
  }),
  // asynction validate: a valid document that forRoot will probably read otherwise than its author meant
  perspectiveLikelyApplication: (ids: readonly string[]) => ({
    message:
      `the document names operationIds only on operations the application sends (AsyncAPI 2 "subscribe": ` +
      `${ids.map((id) => `"${id}"`).join(', ')}), so they name no handler; if the code decorates them with ` +
      '@AsyncOperation, forRoot refuses to start',
    fix:
      "if the document is written from the application's point of view (subscribe = the application receives), " +
      "validate with --perspective application and set perspective: 'application' in forRoot; if not, pass " +
      '--perspective client to say so',
  }),
  requestScopedHandler: (id: string, method: string) => ({
    message:
      `${method} handles "${id}" but its provider is request-scoped or transient-dependent; socket.io events ` +
      `have no request to scope to`,
    fix: 'make the handler provider a singleton (the default scope), and inject request-like state through the socket',
  }),
  // Payload schema formats and AsyncAPI 3 (document/model-v3.builder.ts, document/schema-format.ts)
  schemaFormatUnsupported: (format: string, what: string, served: readonly string[]) => ({
    message: `${what} declares its payload in schemaFormat "${format}", which nestjs-asynction cannot validate`,
    fix: `rewrite the payload as an AsyncAPI Schema or a JSON Schema draft-07 (schemaFormat ${served.join(' or ')})`,
  }),
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
  // Several documents in one application (document/document.merger.ts)
  documentsConflict: (what: string, namespace: string, other: SourceLocation) => ({
    message: `${what} of namespace "${namespace}" is declared by two documents differently (also at ${where(other)})`,
    fix: 'declare it in one document only, or make both declarations identical',
  }),
  unknownOption: (name: string, suggestion: string | undefined, known: readonly string[]) => ({
    message:
      `"${name}" is not an option of AsynctionModule.forRoot` +
      (suggestion ? `; the closest option is "${suggestion}"` : ''),
    fix: suggestion
      ? `rename "${name}" to "${suggestion}"`
      : `remove "${name}" (or upgrade nestjs-asynction, if it is an option of a later version); ` +
        `the options are: ${known.join(', ')}`,
  }),
  limitOutOfRange: (name: string, value: unknown, range: string) => ({
    message: `"limits.${name}" is ${JSON.stringify(value) ?? String(value)}, which is not ${range}`,
    fix: `set "limits.${name}" to ${range}, or leave it out for its default`,
  }),
  noDocuments: () => ({
    message: 'AsynctionModule.forRoot was given an empty list of documents',
    fix: 'pass at least one AsyncAPI document path (or parsed document) in "spec"',
  }),
} as const;

/** Every startup problem factory: the document's here, the options' and security's in their sibling files. */
export const startupMessages = {
  ...documentStartupMessages,
  ...optionsStartupMessages,
  ...securityStartupMessages,
};
