import { AsynctionError } from './asynction.error.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { logMessages } from '../messages/index.js';

/**
 * An acknowledgement did not match the document's ack schema: the handler's return value
 * (nothing was sent) or a client's reply to `emitWithAck`.
 */
export class AckValidationError extends AsynctionError {
  constructor(
    public readonly namespace: string,
    public readonly event: string,
    public readonly errors: readonly SchemaViolation[],
  ) {
    super(logMessages.ackInvalid(namespace, event, errors));
  }
}
