import { Inject, type Type } from '@nestjs/common';
import { WebSocketGateway, type GatewayMetadata, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace } from '../interfaces/socket-io.interface.js';
import { AsynctionRuntime } from './asynction.runtime.js';

/**
 * The namespace Nest is given for every generated gateway. No document declares it (a channel name with `#` is
 * refused), and every client that asks for it is refused as socket.io refuses a namespace nobody declared.
 */
export const GATEWAYS_NAMESPACE = '/#asynction';

/** What socket.io answers a client that asks for a namespace nobody declared. */
const INVALID_NAMESPACE = 'Invalid namespace';

/** The gateways namespaces already closed to clients (one per socket.io server). */
const closed = new WeakSet<Namespace>();

function closeToClients(nsp: Namespace): void {
  if (closed.has(nsp)) return;
  closed.add(nsp);
  // Nest binds a connection listener to it per generated gateway: thousands for a document of thousands of
  // namespaces, none of which ever runs.
  nsp.setMaxListeners(0);
  nsp.use((_socket, next) => next(new Error(INVALID_NAMESPACE)));
}

/**
 * Generates the gateway class of one namespace. Nest itself wires it (`@WebSocketGateway`), so the user's own
 * gateways, custom `IoAdapter`s and the server options keep working; in `afterInit` it hands its namespace of the
 * socket.io server to the runtime, which serves the document's events on it.
 *
 * Nest binds a connection handler to a gateway's namespace, and for every connecting socket it builds the gateway's
 * message streams (rxjs observables kept per socket) and a disconnect listener, even for a gateway with no
 * `@SubscribeMessage` and no connection hooks, as these classes are: about 2 KB and a few microseconds per socket per
 * gateway, which the runtime's own listeners make useless. So Nest is given `GATEWAYS_NAMESPACE` (on the same
 * server, options and adapter), which no client gets into, and the gateway takes its real namespace from that server:
 * the sockets of the document's namespaces cost what socket.io's own do.
 */
export function createNamespaceGateway(namespace: string, options: GatewayMetadata): Type<OnGatewayInit> {
  class AsynctionNamespaceGateway implements OnGatewayInit {
    constructor(@Inject(AsynctionRuntime) private readonly runtime: AsynctionRuntime) {}

    afterInit(gateways: Namespace): void {
      closeToClients(gateways);
      this.runtime.attach(namespace, gateways.server.of(namespace));
    }
  }
  Object.defineProperty(AsynctionNamespaceGateway, 'name', { value: `AsynctionGateway[${namespace}]` });
  WebSocketGateway({ ...options, namespace: GATEWAYS_NAMESPACE })(AsynctionNamespaceGateway);
  return AsynctionNamespaceGateway;
}
