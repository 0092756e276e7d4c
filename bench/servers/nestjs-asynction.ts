/**
 * Variant `nestjs-asynction`: this library serving bench/fixtures/bench.asyncapi.yaml as is. The handler only
 * returns the ack; payload and ack validation, ack sending and error handling are the library's.
 */
import { Injectable, Module, type Type } from '@nestjs/common';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { listenNest } from '../support/nest-app.js';

export const description = 'nestjs-asynction serving the document (payload and ack validated by the library)';

@Injectable()
export class OrderHandlers {
  @AsyncOperation('placeOrder')
  placeOrder(order: { id: number }) {
    return { ok: true, id: order.id };
  }
}

/** Serves the bench document with the given handler provider. */
export async function serveBench(handlers: Type, opts: BenchServerOptions): Promise<BenchServerHandle> {
  @Module({ imports: [AsynctionModule.forRoot(opts.asyncapiPath)], providers: [handlers] })
  class BenchModule {}
  return listenNest(BenchModule, opts);
}

export const start = (opts: BenchServerOptions) => serveBench(OrderHandlers, opts);
