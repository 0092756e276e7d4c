import { Injectable } from '@nestjs/common';
import { AsyncOperation } from '../../lib/index.js';

/** A promise the test settles itself: a handler stays in flight exactly until the test says so. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** `slow` answers when the test resolves the deferred of its payload; `echo` answers at once (throws on `boom`). */
@Injectable()
export class SlowHandlers {
  readonly pending = new Map<string, Deferred<string>>();
  readonly started: string[] = [];

  @AsyncOperation('ops.slow')
  slow(name: string): Promise<string> {
    this.started.push(name);
    const d = deferred<string>();
    this.pending.set(name, d);
    return d.promise;
  }

  @AsyncOperation('ops.echo')
  echo(text: string): string {
    if (text === 'boom') throw new Error('the handler failed');
    return text;
  }
}
