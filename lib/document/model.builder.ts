import { startupMessages } from '../messages/index.js';
import { RESERVED_INBOUND_EVENTS, RESERVED_OUTBOUND_EVENTS } from '../asynction.constants.js';
import type {
  AsyncApiModel,
  HandlerRefModel,
  JsonSchema,
  MessageDirection,
  NamespaceModel,
  SchemaModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import { isTupleSchema } from './schema.compiler.js';
import { isServedSchemaFormat } from './schema-format.js';
import { mergedMockHints, mockHintsOf } from './mock-hints.reader.js';
import { SecurityReader } from './security.reader.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import type { ModelBuildOptions } from '../interfaces/asynction-options.interface.js';

/** `/user`, `user` and `user/` all mean `/user`; the main namespace is `/`. */
export function normalizeNamespace(name: string): string {
  const trimmed = name.replace(/^\/+|\/+$/g, '');
  return `/${trimmed}`;
}

/**
 * What building the version-neutral model of an AsyncAPI document is, whatever its version: the namespaces (the
 * `x-namespaces` extension and the two channel naming conventions), the message model of each event, the server's
 * path and the security. Each version's builder reads its channels and operations (`readChannels`) into these.
 */
export abstract class ModelBuilder {
  protected readonly problems: SpecProblem[] = [];
  protected readonly namespaces = new Map<string, NamespaceModel>();
  protected readonly declared = new Set<string>(['/']);
  protected readonly outboundIds = new Map<string, HandlerRefModel>();
  /** Security and handshake bindings: fed each channel (and, in 3.x, each operation), settled in `build`. */
  protected readonly security: SecurityReader;

  constructor(
    protected readonly doc: Record<string, unknown>,
    protected readonly file: string,
    protected readonly options: ModelBuildOptions,
  ) {
    this.security = new SecurityReader(
      doc,
      file,
      options.serverName,
      this.problems,
      String(doc.asyncapi).startsWith('3.') ? 3 : 2,
    );
  }

  build(): { model: AsyncApiModel; problems: SpecProblem[] } {
    this.readNamespaceExtensions();
    this.readChannels();
    const info = isRecord(this.doc.info) ? this.doc.info : {};
    const model: AsyncApiModel = {
      version: String(this.doc.asyncapi),
      title: typeof info.title === 'string' ? info.title : '',
      file: this.file,
      namespaces: this.namespaces,
      outboundIds: this.outboundIds,
      serverPath: this.readServerPath(),
    };
    this.security.finish(model);
    return { model, problems: this.problems };
  }

  /** Reads the channels and their operations: in 2.x operations sit in their channel, in 3.x in the root map. */
  protected abstract readChannels(): void;

  /** The payload schema; none, and a problem naming `what`, when its schema format cannot be validated. */
  protected abstract payloadOf(
    message: Record<string, unknown>,
    pointer: string,
    what: string,
  ): SchemaModel | undefined;

  /** The URL path of a server, or `null` when it has no URL. */
  protected abstract serverPath(server: Record<string, unknown>): string | undefined | null;

  protected at(pointer: string): SourceLocation {
    return { file: this.file, pointer };
  }

  protected namespace(name: string, pointer: string): NamespaceModel {
    let ns = this.namespaces.get(name);
    if (!ns) {
      ns = { name, at: this.at(pointer), inbound: new Map(), outbound: new Map() };
      this.namespaces.set(name, ns);
    }
    return ns;
  }

  protected handlerRef(value: unknown, pointer: string): HandlerRefModel | undefined {
    return typeof value === 'string' && value.length > 0 ? { id: value, at: this.at(pointer) } : undefined;
  }

  protected readLifecycleHandlers(ns: NamespaceModel, handlers: unknown, pointer: string): void {
    if (!isRecord(handlers)) return;
    ns.connect = this.handlerRef(handlers.connect, appendPointer(pointer, 'connect')) ?? ns.connect;
    ns.disconnect = this.handlerRef(handlers.disconnect, appendPointer(pointer, 'disconnect')) ?? ns.disconnect;
    ns.error = this.handlerRef(handlers.error, appendPointer(pointer, 'error')) ?? ns.error;
  }

  private readNamespaceExtensions(): void {
    const declared = this.doc['x-namespaces'];
    if (!isRecord(declared)) return;
    for (const [key, value] of Object.entries(declared)) {
      const name = normalizeNamespace(key);
      const pointer = appendPointer('#/x-namespaces', key);
      this.declared.add(name);
      const ns = this.namespace(name, pointer);
      if (!isRecord(value)) continue;
      if (typeof value.description === 'string') ns.description = value.description;
      ns.error = this.handlerRef(value.errorHandler, appendPointer(pointer, 'errorHandler')) ?? ns.error;
      this.readLifecycleHandlers(ns, value['x-handlers'], appendPointer(pointer, 'x-handlers'));
    }
  }

  /**
   * The namespace of a channel named `name` (2.x key, 3.x address) and, in the `namespace/event` convention, the one
   * event its messages travel as; `undefined` (and a problem) when that namespace is not declared.
   */
  protected placeChannel(
    name: string,
    item: Record<string, unknown>,
    pointer: string,
  ): { ns: NamespaceModel; channelEvent?: string } | undefined {
    if (name.startsWith('/')) {
      const ns = this.namespace(normalizeNamespace(name), pointer);
      this.readLifecycleHandlers(ns, item['x-handlers'], appendPointer(pointer, 'x-handlers'));
      return { ns };
    }
    const slash = name.lastIndexOf('/');
    const nsName = slash === -1 ? '/' : normalizeNamespace(name.slice(0, slash));
    if (!this.declared.has(nsName)) {
      this.problems.push({ at: this.at(pointer), ...startupMessages.namespaceUndeclared(name, nsName) });
      return undefined;
    }
    const channelEvent = name.slice(slash + 1);
    if (channelEvent === '') {
      this.problems.push({ at: this.at(pointer), ...startupMessages.channelEventEmpty(name, nsName) });
      return undefined;
    }
    return { ns: this.namespace(nsName, pointer), channelEvent };
  }

  /** Records which operation carries the event just added (the docs page shows its namespace and event there). */
  protected operationOf(ns: NamespaceModel, direction: MessageDirection, event: string, pointer: string): void {
    const message = (direction === 'inbound' ? ns.inbound : ns.outbound).get(event);
    if (message && message.operation === undefined) message.operation = pointer;
  }

  /** In the `namespace/event` convention every message of a channel travels as the same event. */
  protected mergeChannelMessages(
    listed: Array<{ message: Record<string, unknown>; pointer: string }>,
    pointer: string,
  ): { message: Record<string, unknown>; pointer: string } {
    if (listed.length === 1) return listed[0];
    const payloads = listed.map((e) => e.message.payload);
    const merged: Record<string, unknown> = {};
    if (listed.length > 0 && payloads.every((p) => p !== undefined)) merged.payload = { anyOf: payloads };
    const withHandler = listed.find((e) => typeof e.message['x-handler'] === 'string');
    if (withHandler) merged['x-handler'] = withHandler.message['x-handler'];
    const withAck = listed.find((e) => isRecord(e.message['x-ack']));
    if (withAck) merged['x-ack'] = withAck.message['x-ack'];
    Object.assign(merged, mergedMockHints(listed.map((e) => e.message)));
    const unserved = listed.find(
      (e) => typeof e.message.schemaFormat === 'string' && !isServedSchemaFormat(e.message.schemaFormat),
    );
    if (unserved) merged.schemaFormat = unserved.message.schemaFormat;
    return { message: merged, pointer: appendPointer(pointer, 'message') };
  }

  protected schemaModel(schema: unknown, pointer: string): SchemaModel | undefined {
    if (!isRecord(schema) && typeof schema !== 'boolean') return undefined;
    return { schema: schema as JsonSchema, at: this.at(pointer), tuple: isTupleSchema(schema as JsonSchema) };
  }

  /** `ack` defaults to the message's Asynction `x-ack.args`; AsyncAPI 3 passes the operation's `reply`. */
  protected addMessage(
    ns: NamespaceModel,
    direction: MessageDirection,
    event: string,
    entry: { message: Record<string, unknown>; pointer: string },
    operationId: HandlerRefModel | undefined,
    ack: SchemaModel | undefined = this.ackOf(entry),
  ): void {
    const { message, pointer } = entry;
    const at = this.at(pointer);
    if ((direction === 'inbound' ? RESERVED_INBOUND_EVENTS : RESERVED_OUTBOUND_EVENTS).has(event)) {
      this.problems.push({ at, ...startupMessages.reservedEvent(event, ns.name, direction) });
      return;
    }
    const handler = this.handlerRef(message['x-handler'], appendPointer(pointer, 'x-handler')) ?? operationId;
    const routes = direction === 'inbound' ? ns.inbound : ns.outbound;
    const other = routes.get(event);
    if (other) {
      this.problems.push({ at, ...startupMessages.duplicateEvent(event, ns.name, direction, other.at) });
      return;
    }
    if (direction === 'inbound' && !handler) {
      this.problems.push({ at, ...startupMessages.inboundWithoutHandler(event, ns.name) });
    }
    if (direction === 'outbound' && handler) this.outboundIds.set(handler.id, handler);
    routes.set(event, {
      namespace: ns.name,
      event,
      direction,
      handler: direction === 'inbound' ? handler : undefined,
      payload: this.payloadOf(message, pointer, `message "${event}" of namespace "${ns.name}"`),
      ack,
      at,
      ...mockHintsOf(message),
    });
  }

  /** Asynction's `x-ack.args`: the acknowledgement's schema. */
  protected ackOf(entry: { message: Record<string, unknown>; pointer: string }): SchemaModel | undefined {
    const ack = entry.message['x-ack'];
    return isRecord(ack) ? this.schemaModel(ack.args, appendPointer(entry.pointer, 'x-ack', 'args')) : undefined;
  }

  private readServerPath(): string | undefined {
    const name = this.options.serverName;
    if (name === undefined) return undefined;
    const servers = isRecord(this.doc.servers) ? this.doc.servers : {};
    const server = servers[name];
    const path = isRecord(server) ? this.serverPath(server) : null;
    if (path === null) {
      this.problems.push({
        at: this.at(appendPointer('#/servers', name)),
        ...startupMessages.serverUndeclared(name, Object.keys(servers)),
      });
      return undefined;
    }
    return path;
  }
}
