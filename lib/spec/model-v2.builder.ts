import { messages } from '../asynction.messages.js';
import { RESERVED_EVENTS } from '../asynction.constants.js';
import type {
  AsyncApiModel,
  HandlerRefModel,
  JsonSchema,
  MessageDirection,
  MessageModel,
  NamespaceModel,
  SchemaModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import { isTupleSchema } from './schema.compiler.js';
import type { SpecProblem } from './spec-problem.js';

/** How AsyncAPI 2 `publish`/`subscribe` are read. */
export type OperationPerspective = 'client' | 'application';

export interface ModelBuildOptions {
  perspective: OperationPerspective;
  serverName?: string;
}

/** `/user`, `user` and `user/` all mean `/user`; the main namespace is `/`. */
export function normalizeNamespace(name: string): string {
  const trimmed = name.replace(/^\/+|\/+$/g, '');
  return `/${trimmed}`;
}

/**
 * Builds the version-neutral model of an AsyncAPI 2.0-2.6 document whose `$ref`s are resolved.
 */
export class ModelV2Builder {
  private readonly problems: SpecProblem[] = [];
  private readonly namespaces = new Map<string, NamespaceModel>();
  private readonly declared = new Set<string>(['/']);
  private readonly outboundIds = new Map<string, HandlerRefModel>();
  private readonly operationIds = new Map<string, SourceLocation>();

  constructor(
    private readonly doc: Record<string, unknown>,
    private readonly file: string,
    private readonly options: ModelBuildOptions,
  ) {}

  build(): { model: AsyncApiModel; problems: SpecProblem[] } {
    this.readNamespaceExtensions();
    const channels = isRecord(this.doc.channels) ? this.doc.channels : {};
    for (const [name, item] of Object.entries(channels)) {
      if (isRecord(item)) this.readChannel(name, item, appendPointer('#/channels', name));
    }
    const info = isRecord(this.doc.info) ? this.doc.info : {};
    const model: AsyncApiModel = {
      version: String(this.doc.asyncapi),
      title: typeof info.title === 'string' ? info.title : '',
      file: this.file,
      namespaces: this.namespaces,
      outboundIds: this.outboundIds,
      serverPath: this.readServerPath(),
    };
    return { model, problems: this.problems };
  }

  private at(pointer: string): SourceLocation {
    return { file: this.file, pointer };
  }

  private namespace(name: string, pointer: string): NamespaceModel {
    let ns = this.namespaces.get(name);
    if (!ns) {
      ns = { name, at: this.at(pointer), inbound: new Map(), outbound: new Map() };
      this.namespaces.set(name, ns);
    }
    return ns;
  }

  private handlerRef(value: unknown, pointer: string): HandlerRefModel | undefined {
    return typeof value === 'string' && value.length > 0 ? { id: value, at: this.at(pointer) } : undefined;
  }

  private readLifecycleHandlers(ns: NamespaceModel, handlers: unknown, pointer: string): void {
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

  private readChannel(name: string, item: Record<string, unknown>, pointer: string): void {
    let ns: NamespaceModel;
    let channelEvent: string | undefined;
    if (name.startsWith('/')) {
      ns = this.namespace(normalizeNamespace(name), pointer);
      this.readLifecycleHandlers(ns, item['x-handlers'], appendPointer(pointer, 'x-handlers'));
    } else {
      const slash = name.lastIndexOf('/');
      const nsName = slash === -1 ? '/' : normalizeNamespace(name.slice(0, slash));
      channelEvent = name.slice(slash + 1);
      if (!this.declared.has(nsName)) {
        this.problems.push({ at: this.at(pointer), ...messages.namespaceUndeclared(name, nsName) });
        return;
      }
      ns = this.namespace(nsName, pointer);
    }
    for (const verb of ['publish', 'subscribe'] as const) {
      const operation = item[verb];
      if (!isRecord(operation)) continue;
      const receives = (verb === 'publish') === (this.options.perspective === 'client');
      this.readOperation(ns, name, channelEvent, operation, appendPointer(pointer, verb), receives ? 'inbound' : 'outbound');
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
    if (operationId) {
      const other = this.operationIds.get(operationId.id);
      if (other) this.problems.push({ at: operationId.at, ...messages.duplicateOperationId(operationId.id, other) });
      else this.operationIds.set(operationId.id, operationId.at);
    }
    const listed = this.listMessages(operation.message, appendPointer(pointer, 'message'));
    if (channelEvent !== undefined) {
      this.addMessage(ns, direction, channelEvent, this.mergeChannelMessages(listed, pointer), operationId);
      return;
    }
    for (const entry of listed) {
      const event = entry.message.name;
      if (typeof event !== 'string' || event === '') {
        this.problems.push({ at: this.at(entry.pointer), ...messages.messageWithoutName(channel) });
        continue;
      }
      this.addMessage(ns, direction, event, entry, operationId);
    }
  }

  private listMessages(message: unknown, pointer: string): Array<{ message: Record<string, unknown>; pointer: string }> {
    if (!isRecord(message)) return [];
    if (Array.isArray(message.oneOf)) {
      return message.oneOf
        .map((m, i) => ({ message: m, pointer: appendPointer(pointer, 'oneOf', i) }))
        .filter((e): e is { message: Record<string, unknown>; pointer: string } => isRecord(e.message));
    }
    return [{ message, pointer }];
  }

  /** In the `namespace/event` convention every message of a channel travels as the same event. */
  private mergeChannelMessages(
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
    return { message: merged, pointer: appendPointer(pointer, 'message') };
  }

  private schemaModel(schema: unknown, pointer: string): SchemaModel | undefined {
    if (!isRecord(schema) && typeof schema !== 'boolean') return undefined;
    return { schema: schema as JsonSchema, at: this.at(pointer), tuple: isTupleSchema(schema as JsonSchema) };
  }

  private addMessage(
    ns: NamespaceModel,
    direction: MessageDirection,
    event: string,
    entry: { message: Record<string, unknown>; pointer: string },
    operationId: HandlerRefModel | undefined,
  ): void {
    const { message, pointer } = entry;
    const at = this.at(pointer);
    if (RESERVED_EVENTS.has(event)) {
      this.problems.push({ at, ...messages.reservedEvent(event, ns.name) });
      return;
    }
    const handler = this.handlerRef(message['x-handler'], appendPointer(pointer, 'x-handler')) ?? operationId;
    const routes = direction === 'inbound' ? ns.inbound : ns.outbound;
    const other = routes.get(event);
    if (other) {
      this.problems.push({ at, ...messages.duplicateEvent(event, ns.name, direction, other.at) });
      return;
    }
    if (direction === 'inbound' && !handler) {
      this.problems.push({ at, ...messages.inboundWithoutHandler(event, ns.name) });
    }
    if (direction === 'outbound' && handler) this.outboundIds.set(handler.id, handler);
    const ack = isRecord(message['x-ack']) ? message['x-ack'] : undefined;
    routes.set(event, {
      namespace: ns.name,
      event,
      direction,
      handler: direction === 'inbound' ? handler : undefined,
      payload: this.schemaModel(message.payload, appendPointer(pointer, 'payload')),
      ack: ack ? this.schemaModel(ack.args, appendPointer(pointer, 'x-ack', 'args')) : undefined,
      at,
    });
  }

  private readServerPath(): string | undefined {
    const name = this.options.serverName;
    if (name === undefined) return undefined;
    const servers = isRecord(this.doc.servers) ? this.doc.servers : {};
    const server = servers[name];
    if (!isRecord(server) || typeof server.url !== 'string') {
      this.problems.push({
        at: this.at(appendPointer('#/servers', name)),
        ...messages.serverUndeclared(name, Object.keys(servers)),
      });
      return undefined;
    }
    const withoutScheme = server.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const slash = withoutScheme.indexOf('/');
    const path = slash === -1 ? '' : withoutScheme.slice(slash).replace(/\/+$/, '');
    return path === '' ? undefined : path;
  }
}
