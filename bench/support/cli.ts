/** Tiny flag parser: `--name value`, `--name=value`, bare `--flag`; env BENCH_<NAME> as fallback. */
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { execSync } from 'node:child_process';

/** A bad command line; printed without a stack. */
export class UsageError extends Error {}

export class Flags {
  private readonly values = new Map<string, string | true>();

  constructor(
    argv: string[],
    private readonly known: string[],
  ) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (!a.startsWith('--')) throw new UsageError(`unexpected argument ${a}`);
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!known.includes(name))
        throw new UsageError(`unknown flag --${name}; known: ${known.map((k) => `--${k}`).join(' ')}`);
      if (eq > 0) this.values.set(name, a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) this.values.set(name, argv[++i]!);
      else this.values.set(name, true);
    }
  }

  private raw(name: string): string | true | undefined {
    return this.values.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  str(name: string): string | undefined {
    const v = this.raw(name);
    return v === true ? undefined : v;
  }

  num(name: string, dflt: number): number {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (v === true || !Number.isFinite(n) || n < 0)
      throw new UsageError(`--${name} needs a non-negative number, got ${v}`);
    return n;
  }
}

export function environment() {
  let ulimitN: number | string = 'unknown';
  try {
    ulimitN = execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim();
  } catch {
    /* ignore */
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    os: `${osType()} ${release()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemGB: +(totalmem() / 2 ** 30).toFixed(1),
    loadavg: loadavg().map((x) => +x.toFixed(2)),
    ulimitN,
  };
}

// ---- formatting ------------------------------------------------------------

export function fmt(n: number, digits?: number): string {
  if (n === Infinity) return 'inf';
  if (!Number.isFinite(n)) return '-';
  const d = digits ?? (Math.abs(n) >= 1000 ? 0 : Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function table(header: string[], rows: string[][], alignLeft = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
