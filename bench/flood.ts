/**
 * Flood: one client sends --messages `order`s (with acks) as fast as its socket takes them, while a canary client
 * keeps doing one round trip at a time. The canary's round trips before the flood (idle) and during it are compared,
 * per variant: with the fair share (`nestjs-asynction`, limits.fairShare at its default) and without it
 * (`nestjs-asynction-unfair`, limits.fairShare: 0).
 *
 *   npx tsc -p tsconfig.json && node build/bench/flood.js [--variants nestjs-asynction,nestjs-asynction-unfair]
 *     [--reps 3] [--messages 20000] [--idle 500]
 *
 * Three processes: the server (bench/server-host.ts), the flooder (this file with --flooder, forked) and the
 * canary (this process). Goal (issue 10): during the flood, the canary's p99 at most 10x its idle p99 and under
 * 100 ms. Latencies are in milliseconds.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Flags, environment, fmt, table } from './support/cli.js';
import { Canary } from './support/canary.js';
import { NAMESPACE, EVENT } from './support/fixture.js';
import { LeanClient, orderTemplate } from './support/lean-client.js';
import { socketIoUrl } from './support/socket-io.connection.js';
import { ServerProc, sleep, waitForQuiet } from './support/procs.js';
import { quantile, spread } from './support/stats.js';
import { resolveVariants } from './variants.js';

type FromFlooder = { type: 'ready' } | { type: 'done'; ms: number; bad: number; problems: string[] };
type ToFlooder = { type: 'connect'; port: number; messages: number } | { type: 'go' };

/** A client that does one round trip at a time and times it. */
/** The flooder process: connects, then on 'go' sends every message at once and reports when all are acked. */
function flooder(): void {
  const send = (msg: FromFlooder) => process.send!(msg);
  let client: LeanClient;
  let messages = 0;
  let acked = 0;
  let bad = 0;
  let start = 0;
  const problems: string[] = [];
  process.on('message', (msg: ToFlooder) => {
    if (msg.type === 'connect') {
      messages = msg.messages;
      client = new LeanClient(socketIoUrl(msg.port), NAMESPACE, {
        onAck: (_c, _id, ok) => {
          if (!ok) bad++;
          if (++acked === messages) {
            send({ type: 'done', ms: performance.now() - start, bad, problems });
            client.close();
          }
        },
        onProblem: (_c, what) => void problems.push(what),
      });
      void client.connect().then(() => send({ type: 'ready' }));
    } else {
      const template = orderTemplate(NAMESPACE, EVENT);
      start = performance.now();
      for (let i = 0; i < messages; i++) client.sendFrame(template.frame(client.takeAckId()));
    }
  });
  process.on('disconnect', () => process.exit(0));
}

interface FloodRun {
  variant: string;
  rep: number;
  idle: number[];
  flood: number[];
  floodMs: number;
  problems: string[];
}

async function runOne(variant: string, rep: number, messages: number, idleTrips: number): Promise<FloodRun> {
  await waitForQuiet(20);
  const server = await ServerProc.start(variant);
  const child = fork(fileURLToPath(import.meta.url), ['--flooder'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<FromFlooder>((resolve) => child.once('message', resolve));
  const canary = new Canary(server.port);
  try {
    await canary.connect();
    const ready = next();
    child.send({ type: 'connect', port: server.port, messages } satisfies ToFlooder);
    await ready;
    for (let i = 0; i < 200; i++) await canary.trip(); // warm-up
    const idle: number[] = [];
    for (let i = 0; i < idleTrips; i++) idle.push(await canary.trip());
    const done = next();
    let finished: FromFlooder | undefined;
    void done.then((msg) => (finished = msg));
    child.send({ type: 'go' } satisfies ToFlooder);
    const flood: number[] = [];
    while (!finished) flood.push(await canary.trip());
    const result = finished as Extract<FromFlooder, { type: 'done' }>;
    const problems = [...canary.problems, ...result.problems];
    if (result.bad) problems.push(`${result.bad} bad acks to the flooder`);
    return { variant, rep, idle, flood, floodMs: result.ms, problems };
  } finally {
    canary.close();
    child.kill();
    await server.stop();
    await sleep(200);
  }
}

async function main(): Promise<void> {
  const f = new Flags(process.argv.slice(2), ['variants', 'reps', 'messages', 'idle']);
  const variants = resolveVariants(f.str('variants') ?? 'nestjs-asynction,nestjs-asynction-unfair');
  const reps = Math.max(1, Math.round(f.num('reps', 3)));
  const messages = Math.round(f.num('messages', 20_000));
  const idleTrips = Math.round(f.num('idle', 500));
  const env = environment();
  console.log(`nestjs-asynction flood bench — ${env.date}  node ${env.node}  ${env.cpus}× ${env.cpuModel}`);
  console.log(`variants: ${variants.join(', ')}  reps ${reps}  flood ${messages} messages  idle ${idleTrips} trips`);
  const runs: FloodRun[] = [];
  for (let rep = 1; rep <= reps; rep++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + rep - 1) % variants.length]!;
      const r = await runOne(variant, rep, messages, idleTrips);
      runs.push(r);
      const ms = (values: number[], q: number) => fmt(quantile(values, q), 2);
      const rate = fmt((messages / r.floodMs) * 1000, 0);
      console.log(
        `rep ${rep}/${reps} ${variant.padEnd(24)} idle p50 ${ms(r.idle, 0.5)} p99 ${ms(r.idle, 0.99)} ms | ` +
          `flood ${fmt(r.floodMs, 0)} ms (${rate}/s), canary ${r.flood.length} trips ` +
          `p50 ${ms(r.flood, 0.5)} p99 ${ms(r.flood, 0.99)} max ${fmt(Math.max(...r.flood), 1)} ms` +
          (r.problems.length ? `  problems: ${r.problems.slice(0, 3).join('; ')}` : ''),
      );
    }
  }
  const cell = (values: number[], digits = 2) => {
    const s = spread(values);
    return s.n === 1 ? fmt(s.median, digits) : `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
  };
  const rows = variants.map((v) => {
    const mine = runs.filter((r) => r.variant === v);
    const idle99 = mine.map((r) => quantile(r.idle, 0.99));
    const flood99 = mine.map((r) => quantile(r.flood, 0.99));
    return [
      v,
      cell(mine.map((r) => quantile(r.idle, 0.5))),
      cell(idle99),
      cell(mine.map((r) => quantile(r.flood, 0.5))),
      cell(flood99),
      cell(
        mine.map((_, i) => flood99[i]! / idle99[i]!),
        1,
      ),
      cell(
        mine.map((r) => (messages / r.floodMs) * 1000),
        0,
      ),
    ];
  });
  console.log(
    `\nCanary round trips in ms, median [min–max] over ${reps} repetitions; the ratio is per repetition\n` +
      table(['variant', 'idle p50', 'idle p99', 'flood p50', 'flood p99', 'flood p99 ÷ idle p99', 'flood msg/s'], rows),
  );
  if (runs.some((r) => r.problems.length)) process.exitCode = 1;
}

if (process.argv[2] === '--flooder') flooder();
else
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
