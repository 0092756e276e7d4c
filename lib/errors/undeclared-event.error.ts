import { AsynctionError } from './asynction.error.js';
import { undeclaredEventMessage } from '../asynction.messages.js';

/**
 * A client sent an event that the document does not declare for the namespace (and no gateway of the application
 * listens to): it reaches no handler.
 */
export class UndeclaredEventError extends AsynctionError {
  constructor(
    public readonly namespace: string,
    public readonly event: string,
  ) {
    super(undeclaredEventMessage(namespace, event));
  }
}
