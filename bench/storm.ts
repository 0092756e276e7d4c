/**
 * Connection storm with security on: --attempts connection attempts (each a new engine.io connection, its bearer
 * token in the CONNECT packet), --concurrency at a time, every other one with good credentials, while a canary client
 * keeps doing one round trip at a time. Every good attempt must be admitted and every bad one refused; after the
 * admitted clients leave, the server's heap after GC is compared with where it started.
 *
 *   npx tsc -p tsconfig.json && node build/bench/storm.js [--variant nestjs-asynction-secured] [--reps 3]
 *     [--attempts 2000] [--concurrency 200]
 *
 * Three processes: the server (bench/server-host.ts, variant bench/servers/nestjs-asynction-secured.ts), the storm
 * (this file with --stormer, forked) and the canary (this process). Goal (issue 10): all good admitted, all bad
 * refused, the canary answered throughout, heap after GC within 20% of its start. Latencies in milliseconds.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Canary } from './support/canary.js';
import { Flags, environment, fmt, table } from './support/cli.js';
import { NAMESPACE } from './support/fixture.js';
import { LeanClient } from './support/lean-client.js';
import { socketIoUrl } from './support/socket-io.connection.js';
import { ServerProc, sleep, waitForQuiet } from './support/procs.js';
import { quantile, spread } from './support/stats.js';

interface StormResult {
  admitted: number;
  refused: number;
  /** Good credentials refused, bad ones admitted, anything else that went wrong. */
  wrong: string[];
  ms: number;
}
type FromStormer = { type: 'done'; result: StormResult } | { type: 'left' };
type ToStormer = { type: 'storm'; port: number; attempts: number; concurrency: number } | { type: 'leave' };

/** The storm process: `attempts` connections, `concurrency` at a time; the admitted stay until 'leave'. */
function stormer(): void {
  const send = (msg: FromStormer) => process.send!(msg);
  const admitted: LeanClient[] = [];
  process.on('message', async (msg: ToStormer) => {
    if (msg.type === 'leave') {
      for (const client of admitted.splice(0)) client.close();
      return send({ type: 'left' });
    }
    const result: StormResult = { admitted: 0, refused: 0, wrong: [], ms: 0 };
    const handlers = { onAck: () => undefined, onProblem: () => undefined };
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < msg.attempts) {
        const i = next++;
        const good = i % 2 === 0;
        const token = good ? `good-${i}` : randomBytes(12).toString('base64url');
        const client = new LeanClient(socketIoUrl(msg.port), NAMESPACE, handlers, { token });
        try {
          await client.connect(30_000);
          result.admitted++;
          admitted.push(client);
          if (!good) result.wrong.push(`bad token ${i} admitted`);
        } catch (error) {
          const refused = String((error as Error).message).includes('namespace refused');
          if (refused) result.refused++;
          if (good || !refused) result.wrong.push(`attempt ${i}: ${(error as Error).message.slice(0, 160)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: msg.concurrency }, worker));
    result.ms = performance.now() - start;
    send({ type: 'done', result });
  });
  process.on('disconnect', () => process.exit(0));
}

interface StormRun {
  rep: number;
  result: StormResult;
  idle: number[];
  during: number[];
  heap: { start: number; peak: number; end: number };
}

async function runOne(variant: string, rep: number, attempts: number, concurrency: number): Promise<StormRun> {
  await waitForQuiet(20);
  const server = await ServerProc.start(variant);
  const child = fork(fileURLToPath(import.meta.url), ['--stormer'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<FromStormer>((resolve) => child.once('message', resolve));
  const canary = new Canary(server.port, { token: 'good-canary' });
  const storm = async (n: number) => {
    const done = next();
    child.send({ type: 'storm', port: server.port, attempts: n, concurrency } satisfies ToStormer);
    const { result } = (await done) as Extract<FromStormer, { type: 'done' }>;
    const left = next();
    child.send({ type: 'leave' } satisfies ToStormer);
    await left;
    return result;
  };
  try {
    await canary.connect();
    for (let i = 0; i < 200; i++) await canary.trip();
    await storm(Math.min(200, attempts)); // warm-up: every code path of the storm compiled before the start heap
    await sleep(1000);
    const start = (await server.stats(true)).heapUsed;
    const idle: number[] = [];
    for (let i = 0; i < 300; i++) idle.push(await canary.trip());
    const done = next();
    child.send({ type: 'storm', port: server.port, attempts, concurrency } satisfies ToStormer);
    let finished: FromStormer | undefined;
    void done.then((msg) => (finished = msg));
    const during: number[] = [];
    while (!finished) during.push(await canary.trip());
    const { result } = finished as Extract<FromStormer, { type: 'done' }>;
    const peak = (await server.stats(true)).heapUsed;
    const left = next();
    child.send({ type: 'leave' } satisfies ToStormer);
    await left;
    await sleep(1000);
    const end = (await server.stats(true)).heapUsed;
    return { rep, result, idle, during, heap: { start, peak, end } };
  } finally {
    canary.close();
    child.kill();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const f = new Flags(process.argv.slice(2), ['variant', 'reps', 'attempts', 'concurrency']);
  const variant = f.str('variant') ?? 'nestjs-asynction-secured';
  const reps = Math.max(1, Math.round(f.num('reps', 3)));
  const attempts = Math.round(f.num('attempts', 2000));
  const concurrency = Math.max(1, Math.round(f.num('concurrency', 200)));
  const env = environment();
  console.log(`nestjs-asynction storm bench — ${env.date}  node ${env.node}  ${env.cpus}× ${env.cpuModel}`);
  console.log(`variant ${variant}  reps ${reps}  ${attempts} attempts (half good), ${concurrency} at a time`);
  const runs: StormRun[] = [];
  const MB = 2 ** 20;
  for (let rep = 1; rep <= reps; rep++) {
    const r = await runOne(variant, rep, attempts, concurrency);
    runs.push(r);
    const { result, heap } = r;
    console.log(
      `rep ${rep}/${reps}: ${result.admitted} admitted, ${result.refused} refused in ${fmt(result.ms, 0)} ms ` +
        `(${fmt((attempts / result.ms) * 1000, 0)} attempts/s), ${result.wrong.length} wrong | canary ` +
        `${r.during.length} trips p50 ${fmt(quantile(r.during, 0.5), 2)} p99 ${fmt(quantile(r.during, 0.99), 2)} ` +
        `max ${fmt(Math.max(...r.during), 1)} ms (idle p99 ${fmt(quantile(r.idle, 0.99), 2)}) | heap MB start ` +
        `${fmt(heap.start / MB, 1)} peak ${fmt(heap.peak / MB, 1)} end ${fmt(heap.end / MB, 1)} ` +
        `(end ÷ start ${fmt(heap.end / heap.start, 2)})` +
        (result.wrong.length ? `\n  wrong: ${result.wrong.slice(0, 5).join('\n  ')}` : ''),
    );
  }
  const cell = (values: number[], digits = 2) => {
    const s = spread(values);
    return s.n === 1 ? fmt(s.median, digits) : `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
  };
  console.log(
    `\nMedian [min–max] over ${reps} repetitions (latencies in ms)\n` +
      table(
        [
          'admitted',
          'refused',
          'wrong',
          'attempts/s',
          'canary idle p99',
          'canary p50',
          'canary p99',
          'heap end ÷ start',
        ],
        [
          [
            cell(
              runs.map((r) => r.result.admitted),
              0,
            ),
            cell(
              runs.map((r) => r.result.refused),
              0,
            ),
            cell(
              runs.map((r) => r.result.wrong.length),
              0,
            ),
            cell(
              runs.map((r) => (attempts / r.result.ms) * 1000),
              0,
            ),
            cell(runs.map((r) => quantile(r.idle, 0.99))),
            cell(runs.map((r) => quantile(r.during, 0.5))),
            cell(runs.map((r) => quantile(r.during, 0.99))),
            cell(runs.map((r) => r.heap.end / r.heap.start)),
          ],
        ],
        0,
      ),
  );
  const good = (r: StormRun) =>
    r.result.wrong.length === 0 && r.result.admitted === attempts / 2 && r.heap.end <= r.heap.start * 1.2;
  if (!runs.every(good)) process.exitCode = 1;
}

if (process.argv[2] === '--stormer') stormer();
else
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
