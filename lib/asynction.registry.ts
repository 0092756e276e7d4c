import { Injectable } from '@nestjs/common';

/** What the application calls for one id. */
export type BoundInvoke = (first: unknown, socket: unknown, event?: string) => unknown;

export interface BoundHandler {
  id: string;
  /** `ClassName.methodName`, as messages name it. */
  label: string;
  invoke: BoundInvoke;
}

/**
 * Runtime lookup of bound handlers by document id, filled once by the explorer at `onModuleInit`.
 */
@Injectable()
export class AsynctionRegistry {
  private readonly handlers = new Map<string, BoundHandler>();

  add(handler: BoundHandler): void {
    this.handlers.set(handler.id, handler);
  }

  get(id: string): BoundHandler | undefined {
    return this.handlers.get(id);
  }
}
