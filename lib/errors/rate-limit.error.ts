import { AsynctionError } from './asynction.error.js';
import { clientMessages } from '../messages/index.js';

/**
 * A message over the connection's rate limit (`limits.rateLimit`): it reaches no handler and takes the namespace's
 * error path (its error handler, else the `exception` event and the ack). Its message is meant for the client.
 */
export class RateLimitError extends AsynctionError {
  constructor(
    public readonly namespace: string,
    public readonly event: string,
    /** The limit: messages per second on average. */
    public readonly rate: number,
    /** The limit: messages at once. */
    public readonly burst: number,
  ) {
    super(clientMessages.rateLimited(namespace, event, rate, burst));
  }
}
