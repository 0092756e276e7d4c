import type { INestApplicationContext } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from '../interfaces/socket-io.interface.js';
import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';
import { brokerOf, type AsynctionRedisBroker } from './redis.broker.js';

/**
 * The WebSocket adapter of the Redis scale-out: every socket.io server it creates, for the generated gateways and
 * the application's own, runs on the Redis adapter of `AsynctionRedisBroker`. `AsynctionModule.forRoot({ redis })`
 * installs it by itself; an application that needs its own adapter extends this class instead of `IoAdapter` and
 * installs it with `app.useWebSocketAdapter(new MyAdapter(app))`.
 */
export class AsynctionRedisIoAdapter extends IoAdapter {
  private readonly broker: AsynctionRedisBroker;
  private readonly httpAdapterHost?: HttpAdapterHost;

  /**
   * @param app the application (its HTTP server and its `AsynctionRedisBroker`)
   * @param internal how the module installs it while the application is still being built
   */
  constructor(
    app?: INestApplicationContext,
    internal?: { broker: AsynctionRedisBroker; httpAdapterHost: HttpAdapterHost },
  ) {
    super(app);
    this.broker = internal?.broker ?? findBroker(app);
    this.httpAdapterHost = internal?.httpAdapterHost;
    this.broker.register(this);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    // The module builds this adapter before Nest creates the HTTP server, so the server is looked up on first use
    // (`httpServer` is readonly for TypeScript only). IoAdapter builds the server from its own socket.io: the one
    // copy the application has.
    if (!this.httpServer) Object.assign(this, { httpServer: this.httpAdapterHost?.httpAdapter?.getHttpServer() });
    const server = super.createIOServer(port, { ...options, ...this.broker.serverOptions() } as ServerOptions);
    this.broker.install(server);
    return server;
  }
}

function findBroker(app: INestApplicationContext | undefined): AsynctionRedisBroker {
  const broker = app ? brokerOf(app.get(HttpAdapterHost)) : undefined;
  if (!broker) throw new AsynctionError(logMessages.redisNotConfigured());
  return broker;
}
