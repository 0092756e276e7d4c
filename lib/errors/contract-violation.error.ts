import { AsynctionError } from './asynction.error.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { testingMessages, type ContractViolationKind } from '../messages/index.js';

/**
 * A message or acknowledgement that the AsyncAPI document does not allow, seen by the contract-test client
 * (`nestjs-asynction/testing`): its namespace, event, what was wrong (each schema error with its JSON pointer into the
 * value) and the value itself, shortened.
 */
export class ContractViolationError extends AsynctionError {
  constructor(
    public readonly kind: ContractViolationKind,
    public readonly namespace: string,
    public readonly event: string,
    /** The schema errors; empty for an undeclared event. */
    public readonly errors: readonly SchemaViolation[],
    /** The offending value as JSON, shortened. */
    public readonly value: string,
    detail: string = testingMessages.invalid(errors),
  ) {
    super(testingMessages.violation(kind, namespace, event, detail, value));
  }

  /** The JSON pointer of the first schema error (`''` for the value itself), undefined for an undeclared event. */
  get pointer(): string | undefined {
    return this.errors[0]?.pointer;
  }
}
