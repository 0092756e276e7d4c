/**
 * Variant `nestjs-asynction-enhanced`: the library with a pass-through guard on the handler, so every message takes
 * Nest's enhancer path (ExternalContextCreator: guards, interceptors, pipes) instead of the direct call. The
 * difference from `nestjs-asynction` is the price of having an enhancer at all.
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
