import { AsynctionError } from './asynction.error.js';
import { clientMessages } from '../messages/index.js';

/**
 * A client sent an event that the document does not declare for clients to send in the namespace (and no gateway of
 * the application listens to): it reaches no handler.
 */
export class UndeclaredEventError extends AsynctionError {
  constructor(
    public readonly namespace: string,
    public readonly event: string,
    /** The document declares the event, for the server to send only. @default false */
    public readonly serverOnly = false,
  ) {
    super(
      serverOnly ? clientMessages.serverOnlyEvent(namespace, event) : clientMessages.undeclaredEvent(namespace, event),
    );
  }
}
