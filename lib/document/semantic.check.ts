/**
 * Checks an AsyncAPI document as the official tools do: against the official JSON Schema of its version
 * (`checkOfficialSchema`), then against the rules that schema cannot express, those the official parser
 * (`@asyncapi/parser`) reports as errors. Every pointer names the place the author wrote, in the file it is in.
 */
import { startupMessages } from '../messages/index.js';
import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import { checkOfficialSchema } from './official-schema/index.js';
import { appendPointer, isRecord } from './json-pointer.js';
import { sourceOf, type CheckedDocument } from './document.origins.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import { applyTraitsV2 } from './traits.js';

type Json = Record<string, unknown>;
type Text = { message: string; fix: string };

/**
 * Every way the document breaks its version's official JSON Schema or the parser's semantic rules.
 * `officialSchema: false` skips the JSON Schema (measurement only; the semantic rules always run).
 */
export function checkDocument(doc: CheckedDocument, officialSchema = true): SpecProblem[] {
  const v2 = String(doc.resolved.asyncapi).startsWith('2.');
  const located: SpecProblem[] = officialSchema ? checkOfficialSchema(doc.resolved, doc.file) : [];
  const rules = new Rules(doc);
  if (v2) rules.checkV2();
  else rules.checkV3();
  return [...located, ...rules.problems].map((p) => (rules.raw.has(p) ? p : { ...p, at: sourceOf(doc, p.at.pointer) }));
}

/** The semantic rules; problems in `raw` are already located in the root file (they are about its `$ref`s). */
class Rules {
  readonly problems: SpecProblem[] = [];
  readonly raw = new Set<SpecProblem>();
  private readonly doc: Json;

  constructor(private readonly input: CheckedDocument) {
    this.doc = input.resolved;
  }

  checkV2(): void {
    const channels = entries(this.doc.channels);
    const serverNames = Object.keys(record(this.doc.servers));
    const operationIds = new Map<string, SourceLocation>();
    const messageIds = new Map<string, { message: object; at: SourceLocation }>();
    for (const [name, channel] of channels) {
      const pointer = appendPointer('#/channels', name);
      if (/[?#]/.test(name)) this.report(pointer, startupMessages.channelQueryOrFragment(name), true);
      this.parameters(
        name,
        channel.parameters,
        appendPointer(pointer, 'parameters'),
        startupMessages.channelParameterMissing,
        startupMessages.channelParameterRedundant,
        true,
      );
      list(channel.servers).forEach((server, i) => {
        if (typeof server === 'string' && !serverNames.includes(server))
          this.report(
            appendPointer(pointer, 'servers', i),
            startupMessages.channelServerUndeclared(server, serverNames),
          );
      });
      for (const verb of ['publish', 'subscribe']) {
        if (!isRecord(channel[verb])) continue;
        const at = appendPointer(pointer, verb);
        const operation = applyTraitsV2(channel[verb] as Json);
        this.unique(
          operationIds,
          operation.operationId,
          appendPointer(at, 'operationId'),
          startupMessages.duplicateOperationId,
        );
        this.tags(operation.tags, appendPointer(at, 'tags'));
        for (const [message, messageAt] of messagesOfV2(operation.message, appendPointer(at, 'message'))) {
          const id = applyTraitsV2(message).messageId;
          const other = typeof id === 'string' ? messageIds.get(id) : undefined;
          if (other && other.message !== message)
            this.report(
              appendPointer(messageAt, 'messageId'),
              startupMessages.duplicateMessageId(id as string, other.at),
            );
          else if (typeof id === 'string' && !other)
            messageIds.set(id, { message, at: this.located(appendPointer(messageAt, 'messageId')) });
          this.tags(message.tags, appendPointer(messageAt, 'tags'));
        }
      }
    }
    for (const [name, server] of entries(this.doc.servers)) {
      const pointer = appendPointer('#/servers', name);
      if (typeof server.url === 'string') {
        this.parameters(
          server.url,
          server.variables,
          appendPointer(pointer, 'variables'),
          startupMessages.serverVariableMissing,
          startupMessages.serverVariableRedundant,
          true,
        );
      }
      this.securityV2(server.security, appendPointer(pointer, 'security'));
    }
    for (const [name, channel] of channels) {
      this.securityV2(channel['x-security'], appendPointer('#/channels', name, 'x-security'));
      for (const verb of ['publish', 'subscribe']) {
        const operation = channel[verb];
        if (isRecord(operation))
          this.securityV2(applyTraitsV2(operation).security, appendPointer('#/channels', name, verb, 'security'));
      }
    }
    this.tags(this.doc.tags, '#/tags');
  }

  checkV3(): void {
    const raw = this.input.raw;
    for (const [id, channel] of entries(this.doc.channels)) {
      const pointer = appendPointer('#/channels', id);
      const address = typeof channel.address === 'string' ? channel.address : undefined;
      for (const name of new Set([id, address ?? id])) {
        if (/[?#]/.test(name)) this.report(pointer, startupMessages.channelQueryOrFragment(name), true);
      }
      this.parameters(
        address ?? '',
        channel.parameters,
        appendPointer(pointer, 'parameters'),
        startupMessages.channelParameterMissing,
        startupMessages.channelParameterRedundant,
      );
    }
    for (const [id, channel] of entries(raw.channels)) {
      list(channel.servers).forEach((server, i) => {
        const ref = refOf(server);
        if (ref !== undefined && !/#\/servers\//.test(ref)) {
          this.report(
            appendPointer('#/channels', id, 'servers', i),
            startupMessages.referenceOutsideRoot(`channel "${id}"`, ref, 'servers'),
            true,
          );
        }
      });
    }
    const rootChannels = new Set<unknown>(Object.values(record(this.doc.channels)));
    for (const [id, operation] of entries(raw.operations)) {
      const pointer = appendPointer('#/operations', id);
      const channelRef = refOf(operation.channel);
      const channel = record(record(this.doc.operations)[id]).channel;
      // The parser matches the text of the $ref; a channel of another file that the root "channels" do not list
      // fails too.
      if (
        channelRef !== undefined &&
        (!/#\/channels\//.test(channelRef) || (isRecord(channel) && !rootChannels.has(channel)))
      ) {
        this.report(
          appendPointer(pointer, 'channel'),
          startupMessages.referenceOutsideRoot(`operation "${id}"`, channelRef, 'channels'),
          true,
        );
      }
      this.messagesOfChannel(operation, pointer, (ref, channel) =>
        startupMessages.operationMessageNotInChannel(id, ref, channel),
      );
      if (isRecord(operation.reply))
        this.messagesOfChannel(
          operation.reply,
          appendPointer(pointer, 'reply'),
          startupMessages.replyMessageNotInChannel,
        );
    }
    for (const [id, operation] of entries(record(raw.components).operations)) {
      this.messagesOfChannel(operation, appendPointer('#/components/operations', id), (ref, channel) =>
        startupMessages.operationMessageNotInChannel(id, ref, channel),
      );
    }
  }

  /** `messages` of an operation or reply, written as `$ref`s, must all be under its `channel` `$ref`. */
  private messagesOfChannel(owner: Json, pointer: string, text: (ref: string, channelRef: string) => Text): void {
    const channelRef = refOf(owner.channel);
    if (channelRef === undefined) return;
    list(owner.messages).forEach((message, i) => {
      const ref = refOf(message);
      if (ref !== undefined && !ref.startsWith(`${channelRef}/messages`))
        this.report(appendPointer(pointer, 'messages', i), text(ref, channelRef), true);
    });
  }

  /**
   * `{name}`s of an address or URL and the keys describing them: each described, none redundant. With
   * `onlyWithPlaceholders` (2.x, as the official parser reads it) an address without any `{...}` is not checked: its
   * `parameters` or `variables` are unused, not wrong.
   */
  private parameters(
    address: string,
    described: unknown,
    pointer: string,
    missing: (names: string[], address: string) => Text,
    redundant: (name: string, address: string) => Text,
    onlyWithPlaceholders = false,
  ): void {
    if (!isRecord(described)) return;
    const used = [...address.matchAll(/{(.+?)}/g)].map((m) => m[1]!);
    if (onlyWithPlaceholders && used.length === 0) return;
    const undescribed = used.filter((name) => !Object.hasOwn(described, name));
    if (undescribed.length > 0) this.report(pointer, missing(undescribed, address));
    for (const name of Object.keys(described)) {
      if (!used.includes(name)) this.report(appendPointer(pointer, name), redundant(name, address));
    }
  }

  /** 2.x Security Requirement Objects name schemes of `components.securitySchemes`; OAuth2 scopes exist. */
  private securityV2(requirements: unknown, pointer: string): void {
    const schemes = record(record(this.doc.components).securitySchemes);
    list(requirements).forEach((requirement, i) => {
      for (const [name, scopes] of Object.entries(record(requirement))) {
        const at = appendPointer(pointer, i, name);
        const scheme = schemes[name];
        if (!isRecord(scheme)) {
          this.report(at, startupMessages.securitySchemeUndeclared(name, Object.keys(schemes)));
          continue;
        }
        if (scheme.type !== 'oauth2') continue;
        const available = [
          ...new Set(Object.values(record(scheme.flows)).flatMap((flow) => Object.keys(record(record(flow).scopes)))),
        ];
        for (const scope of list(scopes)) {
          if (typeof scope === 'string' && !available.includes(scope))
            this.report(at, startupMessages.securityScopeUndeclared(scope, name, available));
        }
      }
    });
  }

  /** Tags of one name; two identical tags break the official schema's `uniqueItems`, which reports them. */
  private tags(tags: unknown, pointer: string): void {
    const seen = new Map<string, string>();
    list(tags).forEach((tag, i) => {
      const name = record(tag).name;
      if (typeof name !== 'string') return;
      const text = JSON.stringify(tag);
      if (seen.has(name) && seen.get(name) !== text)
        this.report(appendPointer(pointer, i, 'name'), startupMessages.duplicateTag(name));
      if (!seen.has(name)) seen.set(name, text);
    });
  }

  private unique(
    seen: Map<string, SourceLocation>,
    id: unknown,
    pointer: string,
    text: (id: string, other: SourceLocation) => Text,
  ): void {
    if (typeof id !== 'string') return;
    const other = seen.get(id);
    if (other) this.report(pointer, text(id, other));
    else seen.set(id, this.located(pointer));
  }

  private located(pointer: string): SourceLocation {
    return sourceOf(this.input, pointer);
  }

  private report(pointer: string, text: Text, inRootFile = false): void {
    const problem = { at: { file: this.input.file, pointer }, ...text };
    this.problems.push(problem);
    if (inRootFile) this.raw.add(problem);
  }
}

/** A 2.x operation's message, or each of its `oneOf`, with its pointer. */
function messagesOfV2(message: unknown, pointer: string): Array<[Json, string]> {
  if (!isRecord(message)) return [];
  if (!Array.isArray(message.oneOf)) return [[message, pointer]];
  return message.oneOf.flatMap((m, i): Array<[Json, string]> =>
    isRecord(m) ? [[m, appendPointer(pointer, 'oneOf', i)]] : [],
  );
}

function refOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.$ref === 'string' ? value.$ref : undefined;
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function entries(value: unknown): Array<[string, Json]> {
  return Object.entries(record(value)).filter((e): e is [string, Json] => isRecord(e[1]));
}
