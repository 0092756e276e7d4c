/**
 * Variant `nestjs-asynction`: this library serving bench/fixtures/bench.asyncapi.yaml as is. The handler only
 * returns the ack; payload and ack validation, ack sending and error handling are the library's.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { BareHttpAdapter } from '../shared/bare-http-adapter.js';

export const description = 'nestjs-asynction serving the document (payload and ack validated by the library)';

@Injectable()
class OrderHandlers {
  @AsyncOperation('placeOrder')
  placeOrder(order: { id: number }) {
    return { ok: true, id: order.id };
  }
}

export async function start(opts: BenchServerOptions): Promise<BenchServerHandle> {
  @Module({ imports: [AsynctionModule.forRoot(opts.asyncapiPath)], providers: [OrderHandlers] })
  class BenchModule {}
  const app: INestApplication = await NestFactory.create(BenchModule, new BareHttpAdapter(), {
    logger: ['error', 'warn'],
    bodyParser: false,
    abortOnError: false,
  });
  await app.listen(opts.port, opts.host);
  return {
    port: (app.getHttpServer().address() as AddressInfo).port,
    close: () => app.close(),
  };
}
