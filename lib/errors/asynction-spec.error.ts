import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import { AsynctionError } from './asynction.error.js';
import { specErrorMessage } from '../messages/index.js';

/**
 * The document is invalid, or the code does not bind to it: thrown from `app.init()` with every problem.
 */
export class AsynctionSpecError extends AsynctionError {
  constructor(public readonly problems: readonly SpecProblem[]) {
    super(specErrorMessage(problems));
  }
}
