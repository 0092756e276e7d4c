/**
 * Scaling checks that need no library:
 *
 *   npx tsc -p tsconfig.json && node build/bench/scaling.js [flags]
 *
 *  1. Memory per idle connection: 0 -> 1,000 -> 5,000 -> 10,000 lean clients
 *     (one load-generator process) joined to /bench on one server, server RSS
 *     and heap after GC at each point, per-connection deltas and their growth.
 *     Default: the `ceiling` (raw socket.io) server; --mem-variants adds more.
 *  2. Throughput with 1, 10 and 100 clients (closed loop, fixed window per
 *     client) for every variant of --variants, with the growth between
 *     consecutive points.
 *
 *   --variants a,b        throughput variants (default: every built variant in bench/variants.ts)
 *   --mem-variants a,b    idle-memory variants (default: ceiling)
 *   --conns 1000,5000,10000
 *   --mem-reps R          idle-memory repetitions per variant, in a rotated order (default 1); with two or more
 *                         variants it prints `ratio memory.<heap|rss>.<variant>/<first>.<conns>` (median [min-max])
 *   --client-steps 1,10,100   (0: no throughput part)
 *   --window W            acks in flight per client, default 10
 *   --seconds S           measurement window per point, default 3
 *   --warmup S            default 1.5
 *   --json [file]         default .bench/scaling-<date>.json
 *
 * File descriptors: each idle connection holds one fd in the server and one in
 * the load generator; nothing is raised here. If `ulimit -n` is below the
 * largest point + 256, that point is skipped and reported.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ProcStats } from './contract.js';
import { Flags, UsageError, environment, fmt, table } from './support/cli.js';
import type { LoadgenSnapshot } from './support/loadgen-protocol.js';
import { measureSaturation, type SaturationResult } from './support/measure.js';
import { LoadgenProc, ServerProc, waitForQuiet } from './support/procs.js';
import { ratioLine } from './support/stats.js';
import { resolveVariants } from './variants.js';

const list = (s: string | undefined, dflt: number[]) =>
  s
    ? s
        .split(',')
        .map((x) => Math.round(Number(x)))
        .filter((x) => Number.isFinite(x) && x > 0)
    : dflt;

interface MemPoint {
  conns: number;
  connectSec: number;
  server: ProcStats;
  loadgen: ProcStats;
}

interface ThroughputPoint {
  variant: string;
  clients: number;
  sat: SaturationResult;
}

const MB = 2 ** 20;
const KB = 1024;
const growth = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? `×${fmt(b / a, 2)}` : '-';

async function idleMemory(variant: string, steps: number[]): Promise<MemPoint[]> {
  await waitForQuiet(20);
  const server = await ServerProc.start(variant);
  const lg = new LoadgenProc();
  const points: MemPoint[] = [];
  try {
    const snap = async (conns: number, connectSec: number) => {
      const [srv, l] = await Promise.all([server.stats(true), lg.request<LoadgenSnapshot>({ type: 'snapshot' })]);
      points.push({ conns, connectSec, server: srv, loadgen: l.proc });
    };
    await snap(0, 0);
    let have = 0;
    for (const n of steps) {
      const t = performance.now();
      await lg.request({ type: 'connect', port: server.port, clients: n - have, concurrency: 100 });
      have = n;
      await new Promise((r) => setTimeout(r, 500)); // let handshake garbage settle
      await snap(n, (performance.now() - t) / 1000);
      console.log(`  ${variant}: ${fmt(n)} connections, server RSS ${fmt(points.at(-1)!.server.rss / MB, 1)} MB`);
    }
  } finally {
    await lg.request({ type: 'close-clients' }).catch(() => undefined);
    await lg.exit();
    await server.stop();
  }
  return points;
}

function memReport(variant: string, pts: MemPoint[]): string {
  const base = pts[0]!;
  const per = (p: MemPoint, f: (s: ProcStats) => number, from: MemPoint) =>
    (f(p.server) - f(from.server)) / (p.conns - from.conns) / KB;
  const rows = pts.map((p, i) => {
    const prev = pts[i - 1];
    return [
      fmt(p.conns, 0),
      fmt(p.server.rss / MB, 1),
      fmt(p.server.heapUsed / MB, 1),
      p.conns
        ? fmt(
            per(p, (s) => s.rss, base),
            1,
          )
        : '-',
      p.conns
        ? fmt(
            per(p, (s) => s.heapUsed, base),
            1,
          )
        : '-',
      p.conns
        ? fmt(
            per(p, (s) => s.heapUsed + s.external, base),
            1,
          )
        : '-',
      prev && p.conns
        ? fmt(
            per(p, (s) => s.rss, prev),
            1,
          )
        : '-',
      p.conns ? fmt((p.loadgen.rss - base.loadgen.rss) / p.conns / KB, 1) : '-',
      p.conns ? fmt(p.connectSec, 1) : '-',
    ];
  });
  const g = pts.slice(1).map((p, i) => {
    const prev = pts[i]!;
    if (!prev.conns) return null;
    const a = per(prev, (s) => s.rss, base);
    const b = per(p, (s) => s.rss, base);
    const ha = per(prev, (s) => s.heapUsed, base);
    const hb = per(p, (s) => s.heapUsed, base);
    return `${fmt(prev.conns, 0)}→${fmt(p.conns, 0)} conns (×${fmt(p.conns / prev.conns, 1)}): total RSS ${growth(prev.server.rss, p.server.rss)}, RSS/conn ${growth(a, b)}, heap/conn ${growth(ha, hb)}`;
  });
  return (
    `\nIdle connections on ${variant} (after GC; Δ = over the 0-connection baseline)\n` +
    table(
      [
        'conns',
        'RSS MB',
        'heap MB',
        'ΔRSS/conn KB',
        'Δheap/conn KB',
        'Δ(heap+ext)/conn KB',
        'RSS/conn KB vs prev point',
        'loadgen ΔRSS/conn KB',
        'connect s',
      ],
      rows,
      0,
    ) +
    `\ngrowth: ${g.filter(Boolean).join('; ')}`
  );
}

/**
 * `ratio memory.<heap|rss>.<variant>/<first variant>.<conns>`: per connection heap (after GC) and RSS over the
 * 0-connection point, each repetition's variant over the same repetition's first variant (the baseline).
 */
function memRatios(memory: Record<string, MemPoint[][]>, variants: string[]): string[] {
  const [base, ...others] = variants;
  const perConn = (pts: MemPoint[], i: number, f: (s: ProcStats) => number) =>
    (f(pts[i]!.server) - f(pts[0]!.server)) / pts[i]!.conns;
  const lines: string[] = [];
  for (const v of others) {
    const runs = memory[v]!;
    const baseRuns = memory[base!]!;
    const points = runs[0]?.slice(1) ?? [];
    points.forEach((point, k) => {
      for (const [label, f] of [
        ['heap', (s: ProcStats) => s.heapUsed],
        ['rss', (s: ProcStats) => s.rss],
      ] as const) {
        const values = runs.map((pts, rep) => perConn(pts, k + 1, f) / perConn(baseRuns[rep]!, k + 1, f));
        lines.push(ratioLine(`memory.${label}.${v}/${base}.${point.conns}`, values));
      }
    });
  }
  return lines;
}

async function throughputSteps(
  variant: string,
  steps: number[],
  window: number,
  warmup: number,
  seconds: number,
): Promise<ThroughputPoint[]> {
  await waitForQuiet(20);
  const server = await ServerProc.start(variant);
  const lg = new LoadgenProc();
  const out: ThroughputPoint[] = [];
  try {
    let have = 0;
    for (const n of steps) {
      await lg.request({ type: 'connect', port: server.port, clients: n - have });
      have = n;
      const sat = await measureSaturation(server, lg, { clients: n, window, warmupSec: warmup, seconds });
      out.push({ variant, clients: n, sat });
      console.log(
        `  ${variant}: ${fmt(n, 0)} clients × ${window}: ${fmt(sat.throughput)}/s, ${fmt(sat.serverUsPerMsg)} µs/msg, ` +
          `server ${fmt(sat.serverCpuPct, 0)}%, loadgen ${fmt(sat.loadgenCpuPct, 0)}%, other ${fmt(sat.otherCpuPct, 0)}%`,
      );
    }
  } finally {
    await lg.request({ type: 'close-clients' }).catch(() => undefined);
    await lg.exit();
    await server.stop();
  }
  return out;
}

function throughputReport(points: ThroughputPoint[], variants: string[], window: number): string {
  const rows: string[][] = [];
  for (const v of variants) {
    const pts = points.filter((p) => p.variant === v);
    pts.forEach((p, i) => {
      const prev = pts[i - 1];
      rows.push([
        i === 0 ? v : '',
        fmt(p.clients, 0),
        fmt(p.clients * window, 0),
        fmt(p.sat.throughput),
        prev ? growth(prev.sat.throughput, p.sat.throughput) : '',
        fmt(p.sat.serverUsPerMsg),
        prev ? growth(prev.sat.serverUsPerMsg, p.sat.serverUsPerMsg) : '',
        fmt(p.sat.serverCpuPct, 0),
        fmt(p.sat.loadgenCpuPct, 0),
        fmt(p.sat.otherCpuPct, 0),
      ]);
    });
  }
  // Same client count across variants: ratio to the first variant.
  const first = variants[0]!;
  const cross = variants.slice(1).map((v) => {
    const parts = points
      .filter((p) => p.variant === v)
      .map((p) => {
        const b = points.find((q) => q.variant === first && q.clients === p.clients);
        return b
          ? `${p.clients}: thr ×${fmt(p.sat.throughput / b.sat.throughput, 2)}, µs/msg ×${fmt(p.sat.serverUsPerMsg / b.sat.serverUsPerMsg, 2)}`
          : '';
      });
    return `${v} ÷ ${first} at clients ${parts.filter(Boolean).join('; ')}`;
  });
  return (
    `\nThroughput vs clients (closed loop, window ${window} per client; growth = ratio to the previous row)\n` +
    table(
      [
        'variant',
        'clients',
        'in flight',
        'msg/s',
        'growth',
        'server µs/msg',
        'growth',
        'server CPU %',
        'loadgen CPU %',
        'other CPU %',
      ],
      rows,
    ) +
    (cross.length ? `\n${cross.join('\n')}` : '')
  );
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(
      'node build/bench/scaling.js [--variants a,b] [--mem-variants ceiling] [--conns 1000,5000,10000] ' +
        '[--client-steps 1,10,100] [--window 10] [--seconds 3] [--warmup 1.5] [--json [file]]',
    );
    return;
  }
  const f = new Flags(process.argv.slice(2), [
    'variants',
    'mem-variants',
    'conns',
    'client-steps',
    'window',
    'seconds',
    'warmup',
    'json',
    'mem-reps',
  ]);
  const variants = resolveVariants(f.str('variants'));
  const memVariants = resolveVariants(f.str('mem-variants') ?? 'ceiling');
  const conns = list(f.str('conns'), [1000, 5000, 10000]).sort((a, b) => a - b);
  const clientSteps = list(f.str('client-steps'), [1, 10, 100]).sort((a, b) => a - b);
  const window = Math.max(1, Math.round(f.num('window', 10)));
  const seconds = f.num('seconds', 3);
  const warmup = f.num('warmup', 1.5);
  const env = environment();
  const started = performance.now();
  console.log(
    `nestjs-asynction scaling — ${env.date}  node ${env.node}  ${env.cpus}× ${env.cpuModel}  load ${env.loadavg.join(' ')}  ulimit -n ${env.ulimitN}`,
  );

  const notes: string[] = [];
  const fdLimit = Number(env.ulimitN);
  const usable = Number.isFinite(fdLimit) ? conns.filter((n) => n + 256 <= fdLimit) : conns;
  const skipped = conns.filter((n) => !usable.includes(n));
  if (skipped.length) {
    notes.push(
      `ulimit -n is ${env.ulimitN}: skipped ${skipped.map((n) => fmt(n, 0)).join(', ')} connections ` +
        `(needs connections + 256 descriptors in the server and in the load generator; raise it with \`ulimit -n\` before running)`,
    );
  } else {
    notes.push(`ulimit -n ${env.ulimitN}: enough for ${fmt(conns.at(-1)!, 0)} connections per process`);
  }

  const memReps = Math.max(1, Math.round(f.num('mem-reps', 1)));
  const memory: Record<string, MemPoint[][]> = Object.fromEntries(memVariants.map((v) => [v, []]));
  console.log(
    `\n[1/2] idle connections: ${usable.map((n) => fmt(n, 0)).join(', ')} on ${memVariants.join(', ')}, ` +
      `${memReps} repetition(s)`,
  );
  for (let rep = 0; rep < memReps && usable.length; rep++) {
    // A rotated order per repetition, so no variant always runs first (or after the same neighbour).
    const order = memVariants.map((_, i) => memVariants[(i + rep) % memVariants.length]!);
    for (const v of order) memory[v]!.push(await idleMemory(v, usable));
  }

  console.log(`\n[2/2] throughput with ${clientSteps.join(', ')} clients × window ${window} on ${variants.join(', ')}`);
  const tput: ThroughputPoint[] = [];
  if (clientSteps.length)
    for (const v of variants) tput.push(...(await throughputSteps(v, clientSteps, window, warmup, seconds)));

  for (const v of memVariants) if (memory[v]!.length) console.log(memReport(v, memory[v]![0]!));
  for (const line of memRatios(memory, memVariants)) console.log(line);
  if (tput.length) console.log(throughputReport(tput, variants, window));
  console.log(`\n${notes.join('\n')}\ntotal ${fmt((performance.now() - started) / 1000, 0)} s`);

  if (f.has('json')) {
    const file = resolve(f.str('json') ?? `.bench/scaling-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify(
        {
          meta: { ...env, variants, memVariants, conns, clientSteps, window, seconds, warmup, notes },
          memory,
          throughput: tput,
        },
        null,
        2,
      ),
    );
    console.log(`results written to ${file}`);
  }
}

main().catch((err) => {
  console.error(err instanceof UsageError ? `${err.message}\n(--help for usage)` : (err?.stack ?? err));
  process.exit(1);
});
