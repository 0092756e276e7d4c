import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import { AsynctionError } from './asynction.error.js';
import { specErrorMessage } from '../messages/index.js';

/**
 * The document is invalid, or the code does not bind to it: thrown from `app.init()` with every problem.
 */
export class AsynctionSpecError extends AsynctionError {
  /** Every problem, each with its file, JSON pointer and fix; the message lists them all. */
  declare readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[]) {
    super(specErrorMessage(problems));
    // Not enumerable: Node's inspect (console, an unhandled rejection) and Nest's logger print the message, which
    // already lists every problem, without dumping them a second time.
    Object.defineProperty(this, 'problems', { value: problems, enumerable: false });
  }
}
