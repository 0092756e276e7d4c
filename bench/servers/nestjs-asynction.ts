/**
 * Variant `nestjs-asynction`: this library serving bench/fixtures/bench.asyncapi.yaml as is. The handler only
 * returns the ack; payload and ack validation, ack sending and error handling are the library's.
 */
import { Injectable, Module } from '@nestjs/common';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { listenNest } from '../shared/nest-app.js';

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
  return listenNest(BenchModule, opts);
}
