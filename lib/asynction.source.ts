import { randomUUID } from 'node:crypto';
import type { ResolvedAsynctionOptions } from './interfaces/asynction-options.interface.js';
import type { AsynctionDocument } from './document/document.reader.js';

/**
 * What one `AsynctionModule.forRoot` call contributes to the application: its documents, read with its options.
 * Provided by that call's module under a token of its own; the core module collects every one of them.
 */
export class AsynctionDocumentSource {
  /** Tells two calls apart when Nest keys modules by a hash of their metadata (`moduleIdGeneratorAlgorithm`). */
  private readonly id = randomUUID();

  constructor(
    readonly documents: readonly AsynctionDocument[],
    readonly options: ResolvedAsynctionOptions,
  ) {}

  /** What the "deep-hash" module key serializes: the documents themselves would be large, and cannot be compared. */
  toJSON(): { id: string } {
    return { id: this.id };
  }
}
