import { PayloadValidationError } from '../errors/payload-validation.error.js';
import { SecurityError } from '../errors/security.error.js';
import { UndeclaredEventError } from '../errors/undeclared-event.error.js';
import { BindingsValidationError } from '../errors/bindings-validation.error.js';
import { RateLimitError } from '../errors/rate-limit.error.js';

/** The `reason` label of a refused message or connection. */
export type TelemetryReason = 'validation' | 'security' | 'rate limit' | 'undeclared' | 'handler error';

/** Why a message or connection was refused, as a label with few values (never the error's own text). */
export function refusalReason(error: unknown): TelemetryReason {
  if (error instanceof PayloadValidationError || error instanceof BindingsValidationError) return 'validation';
  if (error instanceof SecurityError) return 'security';
  if (error instanceof UndeclaredEventError) return 'undeclared';
  if (error instanceof RateLimitError) return 'rate limit';
  return 'handler error';
}
