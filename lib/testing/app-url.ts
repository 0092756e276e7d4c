import type { AddressInfo } from 'node:net';
import { testingMessages } from '../messages/index.js';

/** A started Nest application (`INestApplication`), or anything with the HTTP server it listens with. */
export interface ListeningApp {
  getHttpServer(): unknown;
}

/**
 * The base URL of a Nest application that listens (`await app.listen(0)` picks a free port), for socket.io clients:
 * `http://127.0.0.1:<port>` when it listens on every address (Nest's default), else its own address.
 */
export function appUrl(app: ListeningApp): string {
  const server = app.getHttpServer() as { address?: () => AddressInfo | string | null } | undefined;
  const address = server?.address?.();
  if (!address) throw new Error(testingMessages.appNotListening());
  if (typeof address === 'string') throw new Error(testingMessages.appNotListening());
  const unspecified = address.address === '::' || address.address === '0.0.0.0' || address.address === '';
  const host = unspecified ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
