import type { IoAdapter } from '@nestjs/platform-socket.io';

// socket.io's types, taken from the socket.io that @nestjs/platform-socket.io pins, as its IoAdapter declares them.
// The package declares no socket.io of its own (a peer range installs a second copy next to Nest's, whose types do
// not match Nest's), so nothing in lib/ imports 'socket.io' or 'socket.io-adapter' directly.

/** A socket.io server. */
export type Server = ReturnType<IoAdapter['createIOServer']>;
/** The options of a socket.io server. */
export type ServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
/** A socket.io namespace. */
export type Namespace = Server['sockets'];
/** A socket.io server-side socket. */
export type Socket = Parameters<IoAdapter['bindMessageHandlers']>[0];
/** A socket.io namespace adapter (`socket.io-adapter`). */
export type Adapter = Namespace['adapter'];
