import { AsynctionError } from './asynction.error.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { clientMessages } from '../messages/index.js';

/**
 * A connection's handshake did not match its channel's WebSockets bindings (`bindings.ws`: method, query,
 * headers); the client receives it as `connect_error`, each failing field named by a pointer such as `/query/page`.
 */
export class BindingsValidationError extends AsynctionError {
  /** Sent to the client as `connect_error.data`. */
  readonly data: { namespace: string; errors: readonly SchemaViolation[] };

  constructor(
    public readonly namespace: string,
    public readonly errors: readonly SchemaViolation[],
  ) {
    super(clientMessages.connectRefused(namespace, clientMessages.handshakeInvalid(errors)));
    this.data = { namespace, errors };
  }
}
