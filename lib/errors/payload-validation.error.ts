import { AsynctionError } from './asynction.error.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { clientMessages } from '../messages/index.js';

/**
 * An incoming message did not match its schema; the handler was not called.
 */
export class PayloadValidationError extends AsynctionError {
  constructor(
    public readonly namespace: string,
    public readonly event: string,
    public readonly errors: readonly SchemaViolation[],
  ) {
    super(clientMessages.payloadInvalid(namespace, event, errors));
  }
}
