/** Metadata key written by `@AsyncOperation`: the operation ids a method handles. */
export const ASYNC_OPERATION_METADATA = 'asynction:operation';
/** Default parameter mapping `(payload, socket)` for handlers without parameter decorators. */
export const ASYNCTION_PARAMS_METADATA = 'asynction:params';
/** The same for disconnect handlers, `(socket, reason)`. */
export const ASYNCTION_DISCONNECT_PARAMS_METADATA = 'asynction:params:disconnect';
/** Injection token of the resolved module options. */
export const ASYNCTION_OPTIONS = 'asynction:options';
/** Injection token of the loaded documents (`LoadedDocument[]`). */
export const ASYNCTION_DOCUMENTS = 'asynction:documents';
/** Injection token of every `forRoot` call's `AsynctionDocumentSource`, collected by the core module. */
export const ASYNCTION_SOURCES = 'asynction:sources';
/** Description of the token under which each `forRoot` call provides its `AsynctionDocumentSource`. */
export const ASYNCTION_SOURCE = 'asynction:source';
/**
 * Injection token of the emitter's transport when the application serves no namespace itself (emit-only, over Redis).
 */
export const ASYNCTION_EMIT_TRANSPORT = 'asynction:emit-transport';
/** The key under `socket.data` that holds what a security scheme's verifying method returned (`@Principal()`). */
export const PRINCIPAL_DATA_KEY = 'principal';
/** The event the default error path emits, as Nest's own `BaseWsExceptionFilter` does. */
export const EXCEPTION_EVENT = 'exception';
/**
 * Event names socket.io keeps for itself: it refuses to emit them, and never hands them to a socket's listeners.
 * An outbound message may not use them either.
 */
export const RESERVED_OUTBOUND_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);
/**
 * What a client may not send: the reserved names, and `error`, which socket.io emits on a server socket itself when
 * its middleware fails (and Node's EventEmitter treats specially). A server may send `error`: socket.io 4 delivers it
 * to the client's listener like any other event.
 */
export const RESERVED_INBOUND_EVENTS: ReadonlySet<string> = new Set([...RESERVED_OUTBOUND_EVENTS, 'error']);
/**
 * Parameter types understood by the parameter mapping, numerically equal to `@nestjs/websockets`' own
 * (`@ConnectedSocket()` = 0, `@MessageBody()` = 3, `@Ack()` = 13), so its parameter decorators work on handlers.
 */
export const WS_PARAM_SOCKET = 0;
export const WS_PARAM_PAYLOAD = 3;
export const WS_PARAM_ACK = 13;
