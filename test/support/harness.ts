import 'reflect-metadata';
import {
  type INestApplication,
  type NestApplicationOptions,
  type DynamicModule,
  type Provider,
  type Type,
  Module,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { io, type Socket as ClientSocket, type ManagerOptions, type SocketOptions } from 'socket.io-client';

/** Absolute path of a test document under test/fixtures (the tests run from build/test). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));
}

/** A free TCP port on 127.0.0.1, found by binding port 0. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestApp {
  app: INestApplication;
  port: number;
  url(namespace?: string): string;
  /** Connects over the websocket transport and waits for `connect`. */
  connect(namespace?: string, options?: Partial<ManagerOptions & SocketOptions>): Promise<ClientSocket>;
  close(): Promise<void>;
}

/** Builds a root module from imports and providers. */
export function rootModule(imports: Array<DynamicModule | Type>, providers: Provider[] = []): Type {
  @Module({ imports, providers })
  class TestRootModule {}
  return TestRootModule;
}

/**
 * Starts a real Nest application on a free port. Sockets opened with `connect` are closed by `close`.
 * `configure` runs between create and listen (global guards, pipes, adapters).
 */
export async function startApp(
  module: Type,
  configure?: (app: INestApplication) => void | Promise<void>,
): Promise<TestApp> {
  const app = await NestFactory.create(module, { logger: process.env.TEST_LOGS ? undefined : false });
  await configure?.(app);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const sockets: ClientSocket[] = [];
  const url = (namespace = '/') => `http://127.0.0.1:${port}${namespace === '/' ? '' : namespace}`;
  return {
    app,
    port,
    url,
    connect: (namespace = '/', options = {}) => {
      const socket = io(url(namespace), { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    close: async () => {
      for (const socket of sockets) socket.disconnect();
      await app.close();
    },
  };
}

/** Connects and returns the `connect_error` the server answers with (rejects if the connection is accepted). */
export function connectError(
  url: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Error & { data?: unknown }> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error(`expected ${url} to refuse the connection`));
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error);
    });
  });
}

/** Resolves with the next value of `event` on `socket`, or rejects after `ms`. */
export function nextEvent<T = unknown>(socket: ClientSocket, event: string, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/**
 * Resolves with every value of `event` up to and including the first for which `last` holds; rejects after `ms`.
 * Proves that nothing else arrived before a final message from the same sender (one sender's messages arrive in
 * order), without waiting a guessed time for nothing.
 */
export function eventsUntil<T = unknown>(
  socket: ClientSocket,
  event: string,
  last: (value: T) => boolean,
  ms = 2000,
): Promise<T[]> {
  const seen: T[] = [];
  return new Promise((resolve, reject) => {
    const listener = (value: T) => {
      seen.push(value);
      if (!last(value)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(seen);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no last "${event}" within ${ms} ms (seen: ${JSON.stringify(seen)})`));
    }, ms);
    socket.on(event, listener);
  });
}

/** Resolves true when `event` does NOT arrive within `ms`. */
export function noEvent(socket: ClientSocket, event: string, ms = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const listener = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      resolve(true);
    }, ms);
    socket.once(event, listener);
  });
}

/** Emits with an ack and a timeout, resolving with the ack's first argument. */
export function request<T = unknown>(socket: ClientSocket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(2000).emitWithAck(event, ...args) as Promise<T>;
}

/** True when nothing listens on the port. */
export async function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** What a start that had to fail left behind. */
export interface FailedStart {
  /** What `app.listen()` rejected with. */
  error: unknown;
  port: number;
  /** Nothing listened on `port` after the rejection (checked before the app is closed). */
  portClosed: boolean;
}

/**
 * Creates the app and calls `listen` on a free port, then closes it: it either started, or `listen` rejected (with
 * what, and whether the port stayed closed). `process.exit` is stubbed to throw meanwhile, so a library that called it
 * fails the test instead of ending it.
 */
export async function startOutcome(
  module: Type,
  options: NestApplicationOptions = { logger: process.env.TEST_LOGS ? undefined : false },
): Promise<{ started: true } | ({ started: false } & FailedStart)> {
  const exit = process.exit;
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${String(code)}) was called`);
  }) as typeof process.exit;
  try {
    const app = await NestFactory.create(module, options);
    const port = await freePort();
    try {
      await app.listen(port, '127.0.0.1');
    } catch (error) {
      const portClosed = await portIsClosed(port);
      await app.close().catch(() => undefined);
      return { started: false, error, port, portClosed };
    }
    await app.close();
    return { started: true };
  } finally {
    process.exit = exit;
  }
}

/** `startOutcome` expecting a rejection (a document or binding problem). */
export async function failedStart(module: Type): Promise<FailedStart> {
  const outcome = await startOutcome(module);
  if (outcome.started) throw new Error('expected app.listen() to reject');
  const { error, port, portClosed } = outcome;
  return { error, port, portClosed };
}
