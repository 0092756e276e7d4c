import type { GatewayMetadata } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import type { OperationPerspective } from '../spec/model-v2.builder.js';

/**
 * Handles an error for which the namespace has no error handler: a payload that failed validation, or a handler
 * that threw. Its return value, if any, is sent as the acknowledgement when the client asked for one.
 */
export type AsynctionErrorHandler = (error: unknown, socket: Socket) => unknown;

/** Options of `AsynctionModule.forRoot`. */
export interface AsynctionModuleOptions {
  /** Path of the AsyncAPI document (extension optional: `.yaml`, `.yml`, `.json` are tried), or the parsed document. */
  spec: string | object;
  /**
   * Validate incoming payloads, handler acknowledgements, emitted messages and client acknowledgements.
   * @default true
   */
  validation?: boolean;
  /**
   * How AsyncAPI 2 operations are read. `'client'` follows the specification: `publish` is what the application
   * receives (a handler is required), `subscribe` is what it sends. `'application'` reads documents written from the
   * application's point of view (`subscribe` + operationId for a handler), as the first Asynction README example is.
   * @default 'client'
   */
  perspective?: OperationPerspective;
  /** The server of the document whose URL path becomes the socket.io `path`. @default undefined (socket.io's default path) */
  serverName?: string;
  /** Error handler for namespaces that declare none. @default undefined (the `exception` event) */
  defaultErrorHandler?: AsynctionErrorHandler;
  /** socket.io server options for the generated gateways (`cors`, `transports`, `maxHttpBufferSize`, ...). @default {} */
  gatewayOptions?: Omit<GatewayMetadata, 'namespace'>;
  /** How long `AsynctionEmitter.emitWithAck` waits for the client, in milliseconds. @default 10000 */
  ackTimeout?: number;
  /** Register the module globally, so `AsynctionEmitter` can be injected everywhere. @default true */
  isGlobal?: boolean;
  /** Where a relative `spec` path starts. @default process.cwd() */
  cwd?: string;
}

/** The options after defaults are applied. */
export interface ResolvedAsynctionOptions extends Required<Omit<AsynctionModuleOptions, 'serverName' | 'defaultErrorHandler' | 'spec'>> {
  spec: string | object;
  serverName?: string;
  defaultErrorHandler?: AsynctionErrorHandler;
}
