import type * as SocketIoClientModule from 'socket.io-client';
import { testingMessages } from '../messages/index.js';

/** The part of `socket.io-client` the test client uses. */
export type SocketIoClient = typeof SocketIoClientModule;

let loaded: Promise<SocketIoClient> | undefined;

/** Loads the optional peer `socket.io-client` on first use; a clear error names the package when it is missing. */
export function loadSocketIoClient(): Promise<SocketIoClient> {
  loaded ??= import('socket.io-client').catch((error: unknown) => {
    loaded = undefined;
    throw new Error(testingMessages.clientMissing(error instanceof Error ? error.message : String(error)));
  });
  return loaded;
}
