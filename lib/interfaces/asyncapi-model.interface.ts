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
 * A security scheme as the document declares it (2.x `components.securitySchemes`; 3.x also inline in a `security`
 * list). Its verifying method is named by an Asynction extension and bound like an operation, by `@AsyncOperation`.
 */
export interface SecuritySchemeModel {
  /** Its key under `components.securitySchemes`, or the pointer of an inline 3.x scheme. */
  name: string;
  /** `http`, `httpApiKey`, `apiKey`, `userPassword`, `oauth2`, `openIdConnect` (others are refused at startup). */
  type: string;
  /** `http` only: the lower-cased authentication scheme (`basic`, `bearer`). */
  httpScheme?: string;
  bearerFormat?: string;
  /** `httpApiKey`: `query`, `header` or `cookie`; `apiKey`: `user` or `password`. */
  in?: string;
  /** `httpApiKey`: the query parameter, header or cookie that carries the key. */
  paramName?: string;
  /** `oauth2`: every scope its flows declare. */
  availableScopes?: readonly string[];
  /**
   * The method that verifies a credential (`x-basicInfoFunc`, `x-bearerInfoFunc`, `x-apiKeyInfoFunc`,
   * `x-tokenInfoFunc`).
   */
  verifier?: HandlerRefModel;
  /** `x-scopeValidateFunc`: the method that decides whether granted scopes satisfy required ones. */
  scopeValidator?: HandlerRefModel;
  at: SourceLocation;
}

/** One security requirement: every scheme in it must pass (AND), with the scopes it lists. */
export interface SecurityRequirementModel {
  schemes: ReadonlyArray<{ scheme: SecuritySchemeModel; scopes: readonly string[] }>;
  at: SourceLocation;
}

/** A channel's `bindings.ws`: what the socket.io handshake must look like. */
export interface HandshakeBindingsModel {
  method?: string;
  query?: SchemaModel;
  headers?: SchemaModel;
  at: SourceLocation;
}

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
  /**
   * JSON pointer, in the document's root file, of the operation that carries the message (2.x
   * `#/channels/<name>/<publish|subscribe>`, 3.x `#/operations/<id>`).
   */
  operation?: string;
  /** Operation-level security (2.4+ operation `security`, 3.x operation `security`): requirements OR-ed, per event. */
  security?: readonly SecurityRequirementModel[];
  /** The `payload` of each of the message's `examples` (2.x and 3.x), in document order: what the mock sends first. */
  examples?: readonly unknown[];
  /** The message's `x-mock` extension: how the mock server treats it. */
  mock?: MessageMockModel;
}

/** `x-mock` on a message: how often the mock server sends it (outbound), or not at all. */
export interface MessageMockModel {
  /** Seconds between two mocked messages to one client; overrides the mock's `interval`. */
  interval?: number;
  /** True: the mock never sends this message (outbound) or answers it (inbound). */
  disabled?: boolean;
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
  /** Who may connect: the selected server's security, or the channel's `x-security`; requirements OR-ed. */
  security?: readonly SecurityRequirementModel[];
  /** The channel's `bindings.ws`, checked on connect. */
  bindings?: HandshakeBindingsModel;
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
  /** Every declared security scheme, by name. */
  securitySchemes?: Map<string, SecuritySchemeModel>;
}
