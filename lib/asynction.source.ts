import { randomUUID } from 'node:crypto';
import type { ResolvedAsynctionOptions } from './interfaces/asynction-options.interface.js';
import type { AsynctionDocument } from './document/document.reader.js';

/**
 * What one `AsynctionModule.forRoot` (or `forRootAsync`) call contributes to the application: its documents, read
 * with its options. Provided by that call's module under a token of its own; the core module collects every one of
 * them, and waits for `ready` before it builds the runtime.
 */
export class AsynctionDocumentSource {
  /** Tells two calls apart when Nest keys modules by a hash of their metadata (`moduleIdGeneratorAlgorithm`). */
  private readonly id = randomUUID();
  /** Settles once the options are complete: at once for `forRoot`, after the factory for `forRootAsync`. */
  readonly ready: Promise<void>;
  private settle: () => void = () => undefined;

  constructor(
    readonly documents: readonly AsynctionDocument[],
    private current: ResolvedAsynctionOptions,
    pending = false,
  ) {
    this.ready = pending ? new Promise((resolve) => (this.settle = resolve)) : Promise.resolve();
  }

  get options(): ResolvedAsynctionOptions {
    return this.current;
  }

  /** `forRootAsync`: the options with what its factory returned. */
  complete(options: ResolvedAsynctionOptions): void {
    this.current = options;
    this.settle();
  }

  /** What the "deep-hash" module key serializes: the documents themselves would be large, and cannot be compared. */
  toJSON(): { id: string } {
    return { id: this.id };
  }
}
