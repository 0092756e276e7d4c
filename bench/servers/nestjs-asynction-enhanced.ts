/**
 * Variant `nestjs-asynction-enhanced`: the library with a pass-through guard on the handler (issue 17's enhancer
 * target). A singleton guard alone takes the handler factory's synchronous guard path (`guardedInvoke`) rather than
 * the direct call; with an interceptor, pipe or filter beside it, Nest's `ExternalContextCreator` would wrap the
 * method instead. The difference from `nestjs-asynction` is the price of having a guard at all.
 */
import { Injectable, UseGuards, type CanActivate } from '@nestjs/common';
import { AsyncOperation } from '../../lib/index.js';
import type { BenchServerOptions } from '../contract.js';
import { serveBench } from './nestjs-asynction.js';

export const description = 'nestjs-asynction with a pass-through guard (Nest enhancer path)';

class AllowGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Injectable()
class GuardedOrderHandlers {
  @AsyncOperation('placeOrder')
  @UseGuards(AllowGuard)
  placeOrder(order: { id: number }) {
    return { ok: true, id: order.id };
  }
}

export const start = (opts: BenchServerOptions) => serveBench(GuardedOrderHandlers, opts);
