import { ContractViolationError } from '../errors/contract-violation.error.js';
import { testingMessages } from '../messages/index.js';

/** How violations reach the test. */
export type ViolationMode = 'throw' | 'collect';

/**
 * Where every client of one `createTestClient` reports violations. In `throw` mode a violation rejects what the test
 * awaits (the pending `waitFor`/`emitWithAck` calls, else the next one, else `closeAll`); in `collect` mode it is kept
 * for `expectNoViolations()`.
 */
export class ViolationHub {
  /** Every violation seen, in order (both modes). */
  readonly seen: ContractViolationError[] = [];
  /** Throw mode: violations no awaited call has rejected with yet. */
  private readonly undelivered: ContractViolationError[] = [];
  private readonly waiters = new Set<(violation: ContractViolationError) => void>();

  constructor(readonly mode: ViolationMode) {}

  report(violation: ContractViolationError): void {
    this.seen.push(violation);
    if (this.mode === 'collect') return;
    if (this.waiters.size === 0) return void this.undelivered.push(violation);
    for (const reject of this.waiters) reject(violation);
    this.waiters.clear();
  }

  /** Throws the oldest violation no awaited call has thrown yet. */
  throwPending(): void {
    const violation = this.undelivered.shift();
    if (violation) throw violation;
  }

  /**
   * Runs an awaited operation of the test: rejects at once with an undelivered violation, or with the first one
   * reported while it runs.
   */
  async guard<T>(start: () => Promise<T>): Promise<T> {
    this.throwPending();
    if (this.mode === 'collect') return start();
    let reject!: (violation: ContractViolationError) => void;
    const violated = new Promise<never>((_, r) => (reject = r));
    this.waiters.add(reject);
    try {
      return await Promise.race([start(), violated]);
    } finally {
      this.waiters.delete(reject);
    }
  }

  /** Throws every violation that never reached the test (throw mode), each named. */
  throwUnreported(): void {
    const left = this.undelivered.splice(0);
    if (left.length === 1) throw left[0];
    if (left.length > 1)
      throw new AggregateError(
        left,
        testingMessages.unreported(
          left.length,
          left.map((v) => v.message),
        ),
      );
  }

  /** Collect mode: throws, listing them, unless no violation was seen; the list starts empty again. */
  expectNone(): void {
    const all = this.seen.splice(0);
    this.undelivered.splice(0);
    if (all.length > 0)
      throw new AggregateError(
        all,
        testingMessages.collected(
          all.length,
          all.map((v) => v.message),
        ),
      );
  }
}
