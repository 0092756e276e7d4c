import type { SourceLocation } from './asyncapi-model.interface.js';

/**
 * One thing wrong with a document, or with how the code binds to it.
 * Rendered as `<file>#<pointer>: <message> Fix: <fix>`.
 */
export interface SpecProblem {
  at: SourceLocation;
  /** What is wrong, naming the thing. */
  message: string;
  /** One line that says how to fix it. */
  fix: string;
  /** Set when the document itself could not be read (not found, not YAML or JSON, not an object). */
  unreadable?: true;
}
