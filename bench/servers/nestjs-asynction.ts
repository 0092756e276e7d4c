/**
 * Variant `nestjs-asynction`: this library serving bench/fixtures/bench.asyncapi.yaml as is. The handler only
 * returns the ack; payload and ack validation, ack sending and error handling are the library's.
 */
import { Injectable, Module, type Type } from '@nestjs/common';
import { AsyncOperation, AsynctionModule, type AsynctionModuleOptions } from '../../lib/index.js';
import type { BenchServerOptions } from '../contract.js';
import { listenNest, type NestBenchServerHandle } from '../support/nest-app.js';

export const description = 'nestjs-asynction serving the document (payload and ack validated by the library)';

@Injectable()
export class OrderHandlers {
  @AsyncOperation('placeOrder')
  placeOrder(order: { id: number }) {
    return { ok: true, id: order.id };
  }
}

/** Serves the bench document with the given handler providers (and more `forRoot` options, `spec` included). */
export async function serveBench(
  handlers: Type | Type[],
  opts: BenchServerOptions,
  options: Partial<AsynctionModuleOptions> = {},
): Promise<NestBenchServerHandle> {
  const providers = Array.isArray(handlers) ? handlers : [handlers];
  @Module({ imports: [AsynctionModule.forRoot({ spec: opts.asyncapiPath, ...options })], providers })
  class BenchModule {}
  return listenNest(BenchModule, opts);
}

export const start = (opts: BenchServerOptions) => serveBench(OrderHandlers, opts);
