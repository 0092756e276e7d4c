/**
 * Where something was declared: the file it came from and its JSON pointer in that file.
 */
export interface SourceLocation {
  /** Absolute path of the file, or `<object>` for a document passed as an object. */
  file: string;
  /** JSON pointer, e.g. `#/channels/user~1signedup/publish`. */
  pointer: string;
}

/** A JSON Schema as found in the document, `$ref`s already resolved. */
export type JsonSchema = Record<string, unknown> | boolean;

/** A schema with the place it was declared. */
export interface SchemaModel {
  schema: JsonSchema;
  at: SourceLocation;
  /** True when the schema describes several socket.io arguments (`prefixItems` or draft-07 `items: [...]`). */
  tuple: boolean;
}

/** A handler id named by the document (operationId, `x-handler`, `x-handlers.*`, `errorHandler`). */
export interface HandlerRefModel {
  id: string;
  at: SourceLocation;
}

export type MessageDirection = 'inbound' | 'outbound';

/**
 * One socket.io event in one namespace and one direction.
 * `inbound` events are received and handled; `outbound` events are emitted by the application.
 */
export interface MessageModel {
  namespace: string;
  event: string;
  direction: MessageDirection;
  /** The id of the method that handles an inbound message. */
  handler?: HandlerRefModel;
  /** Undefined when the document leaves the payload open. */
  payload?: SchemaModel;
  /** The acknowledgement arguments (`x-ack.args` in 2.x, the operation's `reply` in 3.x). */
  ack?: SchemaModel;
  at: SourceLocation;
}

export interface NamespaceModel {
  /** Always starts with `/`; the main namespace is `/`. */
  name: string;
  at: SourceLocation;
  description?: string;
  connect?: HandlerRefModel;
  disconnect?: HandlerRefModel;
  error?: HandlerRefModel;
  inbound: Map<string, MessageModel>;
  outbound: Map<string, MessageModel>;
}

/** The version-neutral reading of one AsyncAPI document. */
export interface AsyncApiModel {
  /** The `asyncapi` field, e.g. `2.6.0`. */
  version: string;
  title: string;
  file: string;
  namespaces: Map<string, NamespaceModel>;
  /** Ids of operations the application sends: binding a method to one is an error. */
  outboundIds: Map<string, HandlerRefModel>;
  /** The selected server's URL path, used as the socket.io `path` when set. */
  serverPath?: string;
}
