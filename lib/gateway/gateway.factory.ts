import { Inject, type Type } from '@nestjs/common';
import { WebSocketGateway, type GatewayMetadata, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace } from '../interfaces/socket-io.interface.js';
import { AsynctionRuntime } from './asynction.runtime.js';

/**
 * Generates the gateway class of one namespace. Nest itself wires it (`@WebSocketGateway`), so the user's own
 * gateways, custom `IoAdapter`s and the server options keep working; in `afterInit` it hands its socket.io
 * namespace to the runtime, which serves the document's events on it.
 */
export function createNamespaceGateway(namespace: string, options: GatewayMetadata): Type<OnGatewayInit> {
  class AsynctionNamespaceGateway implements OnGatewayInit {
    constructor(@Inject(AsynctionRuntime) private readonly runtime: AsynctionRuntime) {}

    afterInit(nsp: Namespace): void {
      this.runtime.attach(namespace, nsp);
    }
  }
  Object.defineProperty(AsynctionNamespaceGateway, 'name', { value: `AsynctionGateway[${namespace}]` });
  WebSocketGateway({ ...options, namespace })(AsynctionNamespaceGateway);
  return AsynctionNamespaceGateway;
}
