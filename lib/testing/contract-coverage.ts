import { testingMessages } from '../messages/index.js';
import type { Contract } from './contract.js';

/** What one check of the coverage is about: a client message sent, acknowledged, refused; a server message received. */
export type CoverageCheck = 'sent' | 'acked' | 'error' | 'received';

/** One message of the document and what the tests did with it. */
export interface CoverageEntry {
  namespace: string;
  event: string;
  /** `inbound`: clients send it (the application handles it); `outbound`: the application sends it. */
  direction: 'inbound' | 'outbound';
  /** Inbound: how many times a client sent it. */
  sent: number;
  /** Inbound: how many valid acknowledgements came back (only counted when the document declares one). */
  acked: number;
  /** Inbound: how many times the error path was reached (an `exception` naming it, or an error acknowledgement). */
  errors: number;
  /** Outbound: how many valid messages clients received. */
  received: number;
  /** Whether the document declares an acknowledgement for it. */
  ackDeclared: boolean;
  /** The checks not met yet: `sent`, `acked` (when declared) and `error` inbound, `received` outbound. */
  missing: CoverageCheck[];
}

/** A part of the contract a test run may leave unexercised; every given field must match. */
export interface CoverageException {
  namespace?: string;
  event?: string;
  direction?: 'inbound' | 'outbound';
  check?: CoverageCheck;
}

type Row = Omit<CoverageEntry, 'missing'>;

/**
 * Which operations of the document the tests exercised, across every client that shares it (give one instance to
 * every `createTestClient` of a test file or run).
 */
export class ContractCoverage {
  private readonly rows = new Map<string, Row>();

  /** Adds a contract's messages (every client does this for its own); a message already known is kept. */
  declare(contract: Contract): void {
    for (const ns of contract.namespaces.values()) {
      for (const direction of ['inbound', 'outbound'] as const) {
        for (const [event, message] of ns[direction]) {
          const key = keyOf(ns.name, direction, event);
          if (this.rows.has(key)) continue;
          const ackDeclared = message.ack !== undefined;
          this.rows.set(key, {
            namespace: ns.name,
            event,
            direction,
            sent: 0,
            acked: 0,
            errors: 0,
            received: 0,
            ackDeclared,
          });
        }
      }
    }
  }

  /** Counts one occurrence; a message the document does not declare is not counted. */
  record(
    namespace: string,
    direction: 'inbound' | 'outbound',
    event: string,
    what: keyof Pick<Row, 'sent' | 'acked' | 'errors' | 'received'>,
  ): void {
    const row = this.rows.get(keyOf(namespace, direction, event));
    if (row) row[what]++;
  }

  /** Every message of the document(s) with its counts, in document order. */
  data(): CoverageEntry[] {
    return [...this.rows.values()].map((row) => ({ ...row, missing: missingOf(row) }));
  }

  /** Starts counting again from zero (the messages stay known). */
  reset(): void {
    for (const row of this.rows.values()) Object.assign(row, { sent: 0, acked: 0, errors: 0, received: 0 });
  }

  /** The coverage as a text table: a summary line of the whole, then one row per message. */
  table(): string {
    return this.render(this.data());
  }

  private render(rows: readonly CoverageEntry[]): string {
    const all = this.data();
    const checks = all.flatMap((e) => requiredChecks(e));
    const met = checks.length - all.reduce((n, e) => n + e.missing.length, 0);
    const dash = (n: number, applies: boolean) => (applies ? String(n) : '-');
    const lines = [
      ['namespace', 'event', 'direction', 'sent', 'acked', 'errors', 'received', 'missing'],
      ...rows.map((e) => {
        const inbound = e.direction === 'inbound';
        return [
          e.namespace,
          e.event,
          inbound ? 'client -> server' : 'server -> client',
          dash(e.sent, inbound),
          dash(e.acked, inbound && e.ackDeclared),
          dash(e.errors, inbound),
          dash(e.received, !inbound),
          e.missing.join(', '),
        ];
      }),
    ];
    const widths = lines[0]!.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
    const text = lines.map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
    const percent = checks.length === 0 ? 100 : Math.floor((met / checks.length) * 100);
    return [`Contract coverage: ${met} of ${checks.length} checks met (${percent}%)`, ...text].join('\n');
  }

  /**
   * Throws, with the table of what is missing, unless every check is met or excepted.
   * @param options.except parts of the contract the run may leave unexercised
   */
  expectFullCoverage(options: { except?: readonly CoverageException[] } = {}): void {
    const except = options.except ?? [];
    const gaps = this.data()
      .map((entry) => ({
        ...entry,
        missing: entry.missing.filter((check) => !except.some((e) => excepts(e, entry, check))),
      }))
      .filter((entry) => entry.missing.length > 0);
    if (gaps.length === 0) return;
    const count = gaps.reduce((n, e) => n + e.missing.length, 0);
    throw new Error(testingMessages.notCovered(count, this.render(gaps)));
  }
}

function keyOf(namespace: string, direction: string, event: string): string {
  return JSON.stringify([namespace, direction, event]);
}

function requiredChecks(row: Row): CoverageCheck[] {
  if (row.direction === 'outbound') return ['received'];
  return row.ackDeclared ? ['sent', 'acked', 'error'] : ['sent', 'error'];
}

function missingOf(row: Row): CoverageCheck[] {
  const count: Record<CoverageCheck, number> = {
    sent: row.sent,
    acked: row.acked,
    error: row.errors,
    received: row.received,
  };
  return requiredChecks(row).filter((check) => count[check] === 0);
}

function excepts(exception: CoverageException, entry: CoverageEntry, check: CoverageCheck): boolean {
  return (
    (exception.namespace === undefined || exception.namespace === entry.namespace) &&
    (exception.event === undefined || exception.event === entry.event) &&
    (exception.direction === undefined || exception.direction === entry.direction) &&
    (exception.check === undefined || exception.check === check)
  );
}
