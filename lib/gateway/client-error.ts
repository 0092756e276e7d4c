import { HttpException } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { clientMessages } from '../messages/index.js';
import { PayloadValidationError } from '../errors/payload-validation.error.js';
import { UndeclaredEventError } from '../errors/undeclared-event.error.js';
import { RateLimitError } from '../errors/rate-limit.error.js';
import { SecurityError } from '../errors/security.error.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';

/** What a client receives on the `exception` event (and as the ack, when it asked for one). */
export interface ClientError {
  status: 'error';
  message: string;
  namespace: string;
  event: string;
  /** Schema errors of an invalid payload, each with its JSON pointer. */
  errors?: SchemaViolation[];
  [key: string]: unknown;
}

/**
 * The documented shape of `ClientError` as a JSON Schema: what the contract-test client checks an `exception` event
 * and an error acknowledgement against. Further keys are allowed (a `WsException` object's, a refusal's `failures`).
 */
export const CLIENT_ERROR_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  required: ['status', 'message', 'namespace', 'event'],
  properties: {
    status: { const: 'error' },
    message: { type: 'string' },
    namespace: { type: 'string' },
    event: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'message'],
        properties: { pointer: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/**
 * The client's view of an error. Validation errors and errors meant for clients (`WsException`, Nest's
 * `HttpException`s such as the guard's `ForbiddenException`) say what they are; anything else is an internal error
 * whose details stay on the server.
 */
export function toClientError(
  error: unknown,
  namespace: string,
  event: string,
): { body: ClientError; internal: boolean } {
  const base = { status: 'error' as const, namespace, event };
  if (error instanceof PayloadValidationError) {
    return { body: { ...base, message: error.message, errors: [...error.errors] }, internal: false };
  }
  if (error instanceof UndeclaredEventError || error instanceof RateLimitError)
    return { body: { ...base, message: error.message }, internal: false };
  if (error instanceof SecurityError)
    return { body: { ...base, message: error.message, failures: [...error.failures] }, internal: false };
  if (error instanceof WsException) {
    const detail = error.getError();
    const body =
      typeof detail === 'object' && detail !== null
        ? { ...base, message: error.message, ...detail }
        : { ...base, message: String(detail) };
    return { body, internal: false };
  }
  if (error instanceof HttpException) return { body: { ...base, message: error.message }, internal: false };
  // Anything else, an invalid acknowledgement included, is the server's: the client learns no more than that.
  return { body: { ...base, message: clientMessages.internalError }, internal: true };
}
