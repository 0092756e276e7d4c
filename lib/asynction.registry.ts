import { Injectable } from '@nestjs/common';

import type { BoundHandler, HandlerLookup } from './interfaces/bound-handler.interface.js';

/**
 * Runtime lookup of bound handlers by document id, filled once by the explorer at `onModuleInit`.
 */
@Injectable()
export class AsynctionRegistry implements HandlerLookup {
  private readonly handlers = new Map<string, BoundHandler>();

  add(handler: BoundHandler): void {
    this.handlers.set(handler.id, handler);
  }

  get(id: string): BoundHandler | undefined {
    return this.handlers.get(id);
  }
}
