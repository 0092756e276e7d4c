/**
 * Variant `nestjs-asynction-enhanced`: the library with a pass-through guard on the handler, so every message takes
 * Nest's enhancer path (ExternalContextCreator: guards, interceptors, pipes) instead of the direct call. The
 * difference from `nestjs-asynction` is the price of having an enhancer at all.
 */
import { Injectable, Module, UseGuards, type CanActivate } from '@nestjs/common';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { listenNest } from '../shared/nest-app.js';

export const description = 'nestjs-asynction with a pass-through guard (Nest enhancer path)';

class AllowGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Injectable()
class OrderHandlers {
  @AsyncOperation('placeOrder')
  @UseGuards(AllowGuard)
  placeOrder(order: { id: number }) {
    return { ok: true, id: order.id };
  }
}

export async function start(opts: BenchServerOptions): Promise<BenchServerHandle> {
  @Module({ imports: [AsynctionModule.forRoot(opts.asyncapiPath)], providers: [OrderHandlers] })
  class BenchModule {}
  return listenNest(BenchModule, opts);
}
