import { Inject, type Type } from '@nestjs/common';
import { WebSocketGateway, type GatewayMetadata, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace } from '../interfaces/socket-io.interface.js';
import { AsynctionRuntime } from './asynction.runtime.js';

/**
 * The namespace Nest is given for every generated gateway: a pattern no namespace name matches, so socket.io never
 * creates a namespace from it and no client ever connects through it.
 */
const NO_NAMESPACE = /(?!)/;

/**
 * Generates the gateway class of one namespace. Nest itself wires it (`@WebSocketGateway`), so the user's own
 * gateways, custom `IoAdapter`s and the server options keep working; in `afterInit` it hands its namespace of the
 * socket.io server to the runtime, which serves the document's events on it.
 *
 * Nest binds a connection handler to a gateway's namespace, and for every connecting socket it builds the gateway's
 * message streams (rxjs observables kept per socket) and a disconnect listener, even for a gateway with no
 * `@SubscribeMessage` and no connection hooks, as these classes are: about 2 KB and a few microseconds per socket per
 * gateway, which the runtime's own listeners make useless. So Nest is given a namespace nobody can connect to
 * (`NO_NAMESPACE`, on the same server, options and adapter) and the gateway takes its real namespace from that
 * server: the sockets of the document's namespaces cost what socket.io's own do.
 */
export function createNamespaceGateway(namespace: string, options: GatewayMetadata): Type<OnGatewayInit> {
  class AsynctionNamespaceGateway implements OnGatewayInit {
    constructor(@Inject(AsynctionRuntime) private readonly runtime: AsynctionRuntime) {}

    afterInit(placeholder: Namespace): void {
      this.runtime.attach(namespace, placeholder.server.of(namespace));
    }
  }
  Object.defineProperty(AsynctionNamespaceGateway, 'name', { value: `AsynctionGateway[${namespace}]` });
  WebSocketGateway({ ...options, namespace: NO_NAMESPACE })(AsynctionNamespaceGateway);
  return AsynctionNamespaceGateway;
}
