import type { ProcStats } from '../contract.js';

/** runner -> load generator (bench/loadgen.ts). */
export type ToLoadgen =
  | { type: 'connect'; reqId: number; port: number; clients: number; concurrency?: number }
  /** Closed loop: every client keeps `window` acks in flight until 'drain'. */
  | { type: 'saturate'; reqId: number; window: number; recordLatency?: boolean }
  | { type: 'snapshot'; reqId: number }
  /** Stop sending, resolve when nothing is in flight (or after timeoutMs). */
  | { type: 'drain'; reqId: number; timeoutMs?: number }
  /**
   * Open loop at `rate` msgs/s over all connected clients (round robin),
   * send k scheduled at t0 + k/rate. After `warmupSec`, messages scheduled in
   * the next `seconds` are measured: latency = ack time - scheduled time.
   * The loadgen sends 'rate-window' events at the window edges.
   */
  | { type: 'rate'; reqId: number; rate: number; seconds: number; warmupSec: number; drainTimeoutMs?: number }
  /**
   * Opens `clients` listening clients on `namespace` of the server at `port`: they send nothing and count the events
   * they receive (LoadgenSnapshot.received). 'close-clients' closes them too.
   */
  | { type: 'listen'; reqId: number; port: number; namespace: string; clients: number }
  | { type: 'close-clients'; reqId: number }
  | { type: 'exit' };

export interface LoadgenSnapshot {
  sent: number;
  acked: number;
  badAcks: number;
  problems: number;
  inFlight: number;
  /** Events received by the listening clients so far. */
  received: number;
  /** performance.now() of the loadgen when the counters were read. */
  now: number;
  proc: ProcStats;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export interface RateResult {
  offeredRate: number;
  /** Messages scheduled inside the measured window. */
  scheduled: number;
  /** Of those, acked before the drain timeout. */
  acked: number;
  /** Of those, never acked (counted as +Infinity in the percentiles). */
  lost: number;
  /**
   * Measured messages acked / (last of their acks - window start), msgs/s; below the offered rate when a backlog built
   * up.
   */
  ackRate: number;
  /** Latency from scheduled send time to ack, microseconds. */
  latencyUs: LatencySummary;
  /** How late the loadgen actually sent vs schedule, microseconds (its own jitter). */
  sendLatenessUs: LatencySummary;
  /** Loadgen CPU over the window, % of one core. */
  loadgenCpuPct: number;
  badAcks: number;
  problems: number;
}

/** load generator -> runner. */
export type FromLoadgen =
  | { type: 'done'; reqId: number; result?: unknown }
  | { type: 'error'; reqId: number; error: string }
  | { type: 'rate-window'; reqId: number; edge: 'start' | 'end' }
  | { type: 'problem'; what: string };
