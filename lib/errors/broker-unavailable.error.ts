import { AsynctionError } from './asynction.error.js';

/**
 * The Redis broker of the scale-out is unreachable: at startup (`app.init()` rejects), for a cross-instance request
 * such as `fetchSockets()`, or for an emit of an emit-only process. Nothing was sent.
 */
export class BrokerUnavailableError extends AsynctionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
