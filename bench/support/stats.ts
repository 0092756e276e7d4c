import type { LatencySummary } from './loadgen-protocol.js';

/** Linear-interpolated quantile of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  if (a === b) return a; // also handles Infinity
  return a + (b - a) * (pos - lo);
}

export function quantile(values: number[], q: number): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    q,
  );
}

export const median = (values: number[]) => quantile(values, 0.5);

export interface Spread {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  n: number;
}

export function spread(values: number[]): Spread {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return {
    median: quantileSorted(v, 0.5),
    min: v.length ? v[0]! : NaN,
    max: v.length ? v[v.length - 1]! : NaN,
    q1: quantileSorted(v, 0.25),
    q3: quantileSorted(v, 0.75),
    n: v.length,
  };
}

/** Percentiles of raw samples (sorted in place). */
export function summarize(samples: Float64Array, extraInfinite = 0): LatencySummary {
  const n = samples.length + extraInfinite;
  if (n === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  const all = new Float64Array(n);
  all.set(samples);
  all.fill(Infinity, samples.length);
  all.sort();
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]!;
  return {
    count: n,
    p50: quantileSorted(all, 0.5),
    p90: quantileSorted(all, 0.9),
    p99: quantileSorted(all, 0.99),
    p999: quantileSorted(all, 0.999),
    max: all[n - 1]!,
    mean: extraInfinite ? Infinity : sum / samples.length,
  };
}

/** Growable Float64 sample buffer. */
export class Samples {
  private buf = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
  clear(): void {
    this.length = 0;
  }
}

/**
 * The line every bench prints per target so runs compare at a glance: `ratio <name>=<median> [<min>-<max>]`.
 * `values` are the paired ratios (one per repetition), or their spread.
 */
export function ratioLine(name: string, values: number[] | Spread, digits = 3): string {
  const s = Array.isArray(values) ? spread(values) : values;
  const show = (x: number) => x.toFixed(digits);
  return `ratio ${name}=${show(s.median)} [${show(s.min)}-${show(s.max)}]`;
}
