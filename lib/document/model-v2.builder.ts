import { startupMessages } from '../messages/index.js';
import type {
  MessageDirection,
  NamespaceModel,
  SchemaModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord, parsePointer } from './json-pointer.js';
import { isServedSchemaFormat, SERVED_SCHEMA_FORMATS } from './schema-format.js';
import { applyTraitsV2 } from './traits.js';
import { ModelBuilder } from './model.builder.js';
import type { ModelBuildOptions } from '../interfaces/asynction-options.interface.js';

/**
 * Builds the version-neutral model of an AsyncAPI 2.0-2.6 document whose `$ref`s are resolved: each channel carries
 * its `publish` and `subscribe` operations, which are inbound or outbound by the `perspective` option.
 */
export class ModelV2Builder extends ModelBuilder {
  constructor(
    doc: Record<string, unknown>,
    file: string,
    options: ModelBuildOptions,
    /** Where each resolved object was written (`RefResolver.origins`): a `$ref`'d message's component key. */
    private readonly origins: WeakMap<object, SourceLocation> = new WeakMap(),
  ) {
    super(doc, file, options);
  }

  /** Reads every channel with its operations. */
  protected readChannels(): void {
    const channels = isRecord(this.doc.channels) ? this.doc.channels : {};
    for (const [name, item] of Object.entries(channels)) {
      if (isRecord(item)) this.readChannel(name, item, appendPointer('#/channels', name));
    }
  }

  private readChannel(name: string, item: Record<string, unknown>, pointer: string): void {
    const place = this.placeChannel(name, item, pointer);
    if (!place) return;
    const { ns, channelEvent } = place;
    this.security.readChannel(ns, item, pointer);
    for (const verb of ['publish', 'subscribe'] as const) {
      const operation = item[verb];
      if (!isRecord(operation)) continue;
      const receives = (verb === 'publish') === (this.options.perspective === 'client');
      this.readOperation(
        ns,
        name,
        channelEvent,
        applyTraitsV2(operation),
        appendPointer(pointer, verb),
        receives ? 'inbound' : 'outbound',
      );
    }
  }

  private readOperation(
    ns: NamespaceModel,
    channel: string,
    channelEvent: string | undefined,
    operation: Record<string, unknown>,
    pointer: string,
    direction: MessageDirection,
  ): void {
    const operationId = this.handlerRef(operation.operationId, appendPointer(pointer, 'operationId'));
    const listed = this.listMessages(operation.message, appendPointer(pointer, 'message'));
    if (channelEvent !== undefined) {
      this.addMessage(ns, direction, channelEvent, this.mergeChannelMessages(listed, pointer), operationId);
      this.operationOf(ns, direction, channelEvent, pointer);
      return;
    }
    for (const entry of listed) {
      const event =
        typeof entry.message.name === 'string' && entry.message.name !== '' ? entry.message.name : entry.key;
      if (event === undefined) {
        this.problems.push({ at: this.at(entry.pointer), ...startupMessages.messageWithoutName(channel) });
        continue;
      }
      this.addMessage(ns, direction, event, entry, operationId);
      this.operationOf(ns, direction, event, pointer);
    }
  }

  /** The operation's message, or each of its `oneOf`, with traits applied and its `components.messages` key. */
  private listMessages(
    message: unknown,
    pointer: string,
  ): Array<{ message: Record<string, unknown>; pointer: string; key?: string }> {
    if (!isRecord(message)) return [];
    const entry = (m: Record<string, unknown>, at: string) => ({
      message: applyTraitsV2(m),
      pointer: at,
      key: this.componentKey(m),
    });
    if (!Array.isArray(message.oneOf)) return [entry(message, pointer)];
    return message.oneOf.flatMap((m, i) => (isRecord(m) ? [entry(m, appendPointer(pointer, 'oneOf', i))] : []));
  }

  /**
   * The key of a message written under `components.messages` (of any file) and reached by `$ref`: a message without
   * `name` in a namespace channel travels as that key, as in the AsyncAPI 3 translation, where it keys the channel's
   * `messages`.
   */
  private componentKey(message: Record<string, unknown>): string | undefined {
    const origin = this.origins.get(message);
    if (!origin) return undefined;
    let tokens: string[];
    try {
      tokens = parsePointer(origin.pointer);
    } catch {
      return undefined;
    }
    return tokens.length === 3 && tokens[0] === 'components' && tokens[1] === 'messages' && tokens[2] !== ''
      ? tokens[2]
      : undefined;
  }

  /** The payload schema; none, and a problem naming `what`, when its 2.x `schemaFormat` cannot be validated. */
  protected payloadOf(message: Record<string, unknown>, pointer: string, what: string): SchemaModel | undefined {
    const format = message.schemaFormat;
    if (typeof format === 'string' && !isServedSchemaFormat(format)) {
      this.problems.push({
        at: this.at(appendPointer(pointer, 'schemaFormat')),
        ...startupMessages.schemaFormatUnsupported(format, what, SERVED_SCHEMA_FORMATS),
      });
      return undefined;
    }
    return this.schemaModel(message.payload, appendPointer(pointer, 'payload'));
  }

  /** The URL path of a server (2.x `url`), or `null` when it has no URL. */
  protected serverPath(server: Record<string, unknown>): string | undefined | null {
    if (typeof server.url !== 'string') return null;
    const withoutScheme = server.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const slash = withoutScheme.indexOf('/');
    const path = slash === -1 ? '' : withoutScheme.slice(slash).replace(/\/+$/, '');
    return path === '' ? undefined : path;
  }
}
