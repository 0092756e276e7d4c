import { SERVED_SCHEMA_FORMATS, isServedSchemaFormat } from './schema-format.js';
import { startupMessages } from '../messages/index.js';
import type {
  MessageDirection,
  MessageModel,
  NamespaceModel,
  SchemaModel,
} from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import { ModelBuilder } from './model.builder.js';
import { applyTraitsV3 } from './traits.js';

type Json = Record<string, unknown>;

/** A message as an operation carries it: traits applied, located where its channel declares it. */
interface Entry {
  message: Json;
  pointer: string;
  /** Its key in the channel's `messages`: the event, when the message has no `name`. */
  key: string;
}

/** A root channel once read: its namespace and, in the `namespace/event` convention, its one event. */
interface Place {
  ns: NamespaceModel;
  channelEvent?: string;
  pointer: string;
}

/**
 * Builds the version-neutral model of an AsyncAPI 3.0-3.1 document whose `$ref`s are resolved. Namespaces,
 * extensions and messages are read as in 2.x (the shared `ModelBuilder`'s methods); what 3.x changes:
 * - a channel's `address` (its key when the address is null or absent) follows the two namespace conventions of a
 *   2.x channel name; a channel that no operation uses and that is no `/` namespace is not served;
 * - operations are the root `operations` map: the key is the id `@AsyncOperation` binds, `action: receive` needs a
 *   handler, `action: send` is validated on emit; an operation carries its channel's messages, or the subset it lists;
 * - a message without `name` in a namespace channel travels as its key in the channel's `messages`;
 * - the operation's `reply` is the acknowledgement: its `messages`, else every message of its `channel`;
 * - a payload may be a Multi Format Schema Object;
 * - traits never override the object they apply to.
 * The `perspective` option does not apply: `action` already says what the application does.
 */
export class ModelV3Builder extends ModelBuilder {
  /** Root channel object -> its place (`undefined`: its namespace is undeclared, already reported). */
  private readonly places = new Map<object, Place | undefined>();
  /** Root channel object -> its key under `channels`. */
  private readonly channelIds = new Map<object, string>();

  protected override readChannels(): void {
    const channels = isRecord(this.doc.channels) ? this.doc.channels : {};
    for (const [id, channel] of Object.entries(channels)) {
      if (!isRecord(channel)) continue;
      this.channelIds.set(channel, id);
      if (addressOf(id, channel).startsWith('/')) this.place(channel);
    }
    const operations = isRecord(this.doc.operations) ? this.doc.operations : {};
    for (const [id, operation] of Object.entries(operations)) {
      if (isRecord(operation)) this.readRootOperation(id, applyTraitsV3(operation), appendPointer('#/operations', id));
    }
  }

  /** A Multi Format Schema Object is unwrapped when its format is served, and refused otherwise. */
  protected override payloadOf(message: Json, pointer: string, what: string): SchemaModel | undefined {
    const payload = message.payload;
    const at = appendPointer(pointer, 'payload');
    if (!isRecord(payload) || typeof payload.schemaFormat !== 'string' || !('schema' in payload))
      return this.schemaModel(payload, at);
    if (!isServedSchemaFormat(payload.schemaFormat)) {
      const problem = startupMessages.schemaFormatUnsupported(payload.schemaFormat, what, SERVED_SCHEMA_FORMATS);
      this.problems.push({ at: this.at(appendPointer(at, 'schemaFormat')), ...problem });
      return undefined;
    }
    return this.schemaModel(payload.schema, appendPointer(at, 'schema'));
  }

  /** 3.x servers: `host` and `pathname` instead of `url`. */
  protected override serverPath(server: Json): string | undefined | null {
    if (typeof server.host !== 'string') return null;
    const path = typeof server.pathname === 'string' ? server.pathname.replace(/\/+$/, '') : '';
    if (path === '') return undefined;
    return path.startsWith('/') ? path : `/${path}`;
  }

  /** Reads a root channel once; `undefined` for a channel outside the root `channels` (the semantic check says so). */
  private place(channel: Json): Place | undefined {
    if (this.places.has(channel)) return this.places.get(channel);
    const id = this.channelIds.get(channel);
    if (id === undefined) return undefined;
    const pointer = appendPointer('#/channels', id);
    const found = this.placeChannel(addressOf(id, channel), channel, pointer);
    const place = found && { ...found, pointer };
    this.places.set(channel, place);
    if (place) this.security.readChannel(place.ns, channel, pointer);
    return place;
  }

  private readRootOperation(id: string, operation: Json, pointer: string): void {
    const direction: MessageDirection | undefined =
      operation.action === 'receive' ? 'inbound' : operation.action === 'send' ? 'outbound' : undefined;
    const place = direction && isRecord(operation.channel) ? this.place(operation.channel) : undefined;
    if (!direction || !place) return;
    const handler = { id, at: this.at(pointer) };
    const entries = this.messagesOf(operation, place);
    const ack = this.replyOf(operation.reply, appendPointer(pointer, 'reply'), id);
    const routes = direction === 'inbound' ? place.ns.inbound : place.ns.outbound;
    const added: MessageModel[] = [];
    if (place.channelEvent !== undefined) {
      const merged = entries.length === 1 ? entries[0]! : this.mergeEntries(entries, place, id);
      this.addMessage(place.ns, direction, place.channelEvent, merged, handler, ack);
      added.push(routes.get(place.channelEvent)!);
    } else {
      for (const entry of entries) {
        const event =
          typeof entry.message.name === 'string' && entry.message.name !== '' ? entry.message.name : entry.key;
        this.addMessage(place.ns, direction, event, entry, handler, ack);
        if (routes.has(event)) added.push(routes.get(event)!);
      }
    }
    for (const message of added) this.operationOf(place.ns, direction, message.event, pointer);
    if (direction === 'outbound' && entries.length === 0) this.outboundIds.set(id, handler);
    this.security.readOperation(added, operation.security, pointer);
  }

  /** The operation's `messages` (which must be its channel's), else every message of the channel. */
  private messagesOf(operation: Json, place: Place): Entry[] {
    const channel = isRecord(operation.channel) ? operation.channel : {};
    const declared = isRecord(channel.messages) ? Object.entries(channel.messages) : [];
    const keys = new Map<unknown, string>(declared.map(([key, message]) => [message, key]));
    const chosen = Array.isArray(operation.messages) ? operation.messages : declared.map(([, message]) => message);
    const entries: Entry[] = [];
    for (const message of chosen) {
      const key = keys.get(message);
      if (key === undefined || !isRecord(message)) continue; // not the channel's: the semantic check reports it
      entries.push({ message: applyTraitsV3(message), pointer: appendPointer(place.pointer, 'messages', key), key });
    }
    return entries;
  }

  /** In the `namespace/event` convention every message of the operation travels as the channel's one event. */
  private mergeEntries(entries: Entry[], place: Place, operationId: string): Entry {
    const what = `a message of operation "${operationId}"`;
    const plain = entries.map((e) => ({
      ...e,
      message: { ...e.message, payload: this.payloadOf(e.message, e.pointer, what)?.schema },
    }));
    const merged = this.mergeChannelMessages(plain, place.pointer);
    return { ...merged, pointer: appendPointer(place.pointer, 'messages'), key: '' };
  }

  /** The acknowledgement's schema: the reply's messages, else its channel's; several are alternatives. */
  private replyOf(reply: unknown, pointer: string, operationId: string): SchemaModel | undefined {
    if (!isRecord(reply)) return undefined;
    const channel = isRecord(reply.channel) ? reply.channel : undefined;
    const channelId = channel && this.channelIds.get(channel);
    const declared = channel && isRecord(channel.messages) ? Object.entries(channel.messages) : [];
    const keys = new Map<unknown, string>(declared.map(([key, message]) => [message, key]));
    const listed = Array.isArray(reply.messages) ? reply.messages : declared.map(([, message]) => message);
    const what = `the reply of operation "${operationId}"`;
    const schemas: SchemaModel[] = [];
    for (const [i, message] of listed.entries()) {
      if (!isRecord(message)) return undefined;
      const key = keys.get(message);
      const at =
        key !== undefined && channelId !== undefined
          ? appendPointer('#/channels', channelId, 'messages', key)
          : appendPointer(pointer, 'messages', i);
      const schema = this.payloadOf(applyTraitsV3(message), at, what);
      if (!schema) return undefined; // one open reply message leaves the acknowledgement open
      schemas.push(schema);
    }
    if (schemas.length <= 1) return schemas[0];
    return { schema: { anyOf: schemas.map((s) => s.schema) }, at: this.at(pointer), tuple: false };
  }
}

/** A channel's address; its key when the address is null or absent ("unknown" in AsyncAPI 3). */
function addressOf(id: string, channel: Json): string {
  return typeof channel.address === 'string' ? channel.address : id;
}
