import { AsynctionError } from './asynction.error.js';
import { clientMessages } from '../messages/index.js';

/** One security requirement a connection or an event did not meet. */
export interface SecurityFailure {
  /** The requirement's schemes as the document names them, e.g. `basic` or `bearer + apiKey`. */
  requirement: string;
  /** Why, and nothing about a secret: no credentials, malformed credentials, credentials rejected, missing scopes. */
  reason: string;
}

/**
 * The document's security refused a connection (the client's `connect_error`, with `data`) or an event (the
 * namespace's error path: its error handler, else the `exception` event and the ack).
 */
export class SecurityError extends AsynctionError {
  /** Sent to the client with a refused connection, as `connect_error.data`. */
  readonly data: { namespace: string; event?: string; failures: readonly SecurityFailure[] };

  constructor(
    public readonly namespace: string,
    /** Undefined when the connection itself was refused. */
    public readonly event: string | undefined,
    public readonly failures: readonly SecurityFailure[],
  ) {
    const reason = clientMessages.securityRefused(failures);
    super(
      event === undefined
        ? clientMessages.connectRefused(namespace, reason)
        : clientMessages.eventRefused(namespace, event, reason),
    );
    this.data = event === undefined ? { namespace, failures } : { namespace, event, failures };
  }
}
