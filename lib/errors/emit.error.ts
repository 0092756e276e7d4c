import { AsynctionError } from './asynction.error.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';

/**
 * `AsynctionEmitter` refused a message: unknown namespace or event, or an invalid payload. Nothing was sent.
 */
export class EmitError extends AsynctionError {
  constructor(
    message: string,
    public readonly namespace: string,
    public readonly event: string,
    public readonly errors: readonly SchemaViolation[] = [],
  ) {
    super(message);
  }
}
