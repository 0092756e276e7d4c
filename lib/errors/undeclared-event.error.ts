import { AsynctionError } from './asynction.error.js';
import { clientMessages } from '../messages/index.js';

/**
 * A client sent an event that the document does not declare for the namespace (and no gateway of the application
 * listens to): it reaches no handler.
 */
export class UndeclaredEventError extends AsynctionError {
  constructor(
    public readonly namespace: string,
    public readonly event: string,
  ) {
    super(clientMessages.undeclaredEvent(namespace, event));
  }
}
