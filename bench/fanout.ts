/**
 * Broadcast fan-out over Redis (issue "Scale-out").
 *
 *   npx tsc -p tsconfig.json && node build/bench/fanout.js [flags]
 *
 *   --clients N    socket.io clients in all, split over two client processes, default 200
 *   --messages M   validated broadcasts per repetition, default 200
 *   --reps R       measured repetitions per variant and round, default 5 (after one warm-up)
 *   --rounds K     rounds; each starts every variant afresh, in a rotated order, default 3
 *   --quiet-wait S before each variant, wait up to S s (default 30) for the machine to be quiet (< 20% busy)
 *
 * One repetition: instance A emits M notices with `AsynctionEmitter.emit` (validated) in one go; the time runs
 * until both client processes have received all M on every client (N x M deliveries). Variants:
 *   one          one instance, socket.io's in-memory adapter: every client on it (what one process does today)
 *   one+redis    one instance on the Redis adapter: the same, plus a publish per message
 *   two+redis    two instances on Redis, half of the clients on each: A emits, B receives through Redis
 * Every instance and client group is its own process (fork of this file); Redis is a `redis-server` on a free port.
 * The report gives per-variant medians [min-max] of the time and deliveries/s, and the ratio of the medians
 * to "one" (time ratio > 1 = slower than one instance), overall and per round [min-max].
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { io } from 'socket.io-client';
import { AsynctionEmitter, AsynctionModule } from '../lib/index.js';
import { Flags } from './support/cli.js';
import { waitForQuiet } from './support/procs.js';
import { spread, type Spread } from './support/stats.js';
import { TestRedis } from '../test/support/redis.js';

const SELF = fileURLToPath(import.meta.url);
const NAMESPACE = '/fanout';

/** The document every instance serves: one outbound message, validated on each emit. */
const DOCUMENT = {
  asyncapi: '2.6.0',
  info: { title: 'Fan-out benchmark', version: '1.0.0' },
  channels: {
    [NAMESPACE]: {
      subscribe: {
        message: {
          name: 'notice',
          payload: {
            type: 'object',
            properties: { rep: { type: 'integer' }, seq: { type: 'integer' }, text: { type: 'string' } },
            required: ['rep', 'seq', 'text'],
          },
        },
      },
    },
  },
};

type ToChild =
  { type: 'broadcast'; rep: number; count: number } | { type: 'expect'; rep: number; count: number } | { type: 'stop' };
type FromChild = { type: 'ready'; port?: number } | { type: 'sent' } | { type: 'received'; rep: number };

// ---------------------------------------------------------------- child: a serving instance

async function runInstance(): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  @Module({ imports: [AsynctionModule.forRoot({ spec: DOCUMENT, ...(redisUrl ? { redis: { url: redisUrl } } : {}) })] })
  class InstanceModule {}
  const app = await NestFactory.create(InstanceModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const emitter = app.get(AsynctionEmitter);
  const port = (app.getHttpServer().address() as { port: number }).port;
  process.on('message', async (message: ToChild) => {
    if (message.type === 'broadcast') {
      for (let seq = 0; seq < message.count; seq++)
        emitter.emit(NAMESPACE, 'notice', { rep: message.rep, seq, text: 'fan-out' });
      send({ type: 'sent' });
    } else if (message.type === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
  send({ type: 'ready', port });
}

// ---------------------------------------------------------------- child: a group of clients

async function runClients(): Promise<void> {
  const url = process.env.FANOUT_URL!;
  const clients = Number(process.env.FANOUT_CLIENTS);
  let expected = { rep: -1, total: Infinity };
  let received = 0;
  const sockets = await Promise.all(
    Array.from({ length: clients }, () => {
      const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('notice', (notice: { rep: number }) => {
        if (notice.rep !== expected.rep) return;
        if (++received === expected.total) send({ type: 'received', rep: expected.rep });
      });
      return new Promise<typeof socket>((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    }),
  );
  process.on('message', (message: ToChild) => {
    if (message.type === 'expect') {
      expected = { rep: message.rep, total: message.count * clients };
      received = 0;
      send({ type: 'ready' });
    } else if (message.type === 'stop') {
      for (const socket of sockets) socket.disconnect();
      process.exit(0);
    }
  });
  send({ type: 'ready' });
}

function send(message: FromChild): void {
  process.send!(message);
}

// ---------------------------------------------------------------- parent

class Child {
  private waiting: Array<{ type: FromChild['type']; resolve: (m: FromChild) => void }> = [];

  private constructor(private readonly process: ChildProcess) {
    process.on('message', (message: FromChild) => {
      const index = this.waiting.findIndex((w) => w.type === message.type);
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(message);
    });
  }

  static async start(
    role: 'instance' | 'clients',
    env: Record<string, string>,
  ): Promise<{ child: Child; port?: number }> {
    const child = new Child(
      fork(SELF, [role], {
        env: { ...process.env, ...env, NODE_ENV: 'production' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    try {
      const ready = (await child.next('ready', 30_000)) as { port?: number };
      return { child, port: ready.port };
    } catch (error) {
      await child.stop();
      throw error;
    }
  }

  next(type: FromChild['type'], ms = 60_000): Promise<FromChild> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" from a child within ${ms} ms`)), ms);
      this.waiting.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  tell(message: ToChild): void {
    this.process.send(message);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    if (this.process.connected) this.tell({ type: 'stop' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

type Variant = 'one' | 'one+redis' | 'two+redis';
const VARIANTS: Variant[] = ['one', 'one+redis', 'two+redis'];

async function runVariant(
  variant: Variant,
  redisUrl: string,
  options: { clients: number; messages: number; reps: number },
): Promise<number[]> {
  const env: Record<string, string> = variant === 'one' ? {} : { REDIS_URL: redisUrl };
  const started: Child[] = [];
  const start = async (role: 'instance' | 'clients', extra: Record<string, string>) => {
    const child = await Child.start(role, extra);
    started.push(child.child);
    return child;
  };
  const times: number[] = [];
  try {
    const a = await start('instance', env);
    const b = variant === 'two+redis' ? await start('instance', env) : a;
    const half = Math.floor(options.clients / 2);
    const groups = [
      await start('clients', { FANOUT_URL: `http://127.0.0.1:${a.port}${NAMESPACE}`, FANOUT_CLIENTS: String(half) }),
      await start('clients', {
        FANOUT_URL: `http://127.0.0.1:${b.port}${NAMESPACE}`,
        FANOUT_CLIENTS: String(options.clients - half),
      }),
    ];
    for (let rep = 0; rep <= options.reps; rep++) {
      await Promise.all(
        groups.map(
          async (g) => (g.child.tell({ type: 'expect', rep, count: options.messages }), g.child.next('ready')),
        ),
      );
      const started = performance.now();
      const received = groups.map((g) => g.child.next('received'));
      a.child.tell({ type: 'broadcast', rep, count: options.messages });
      await Promise.all([...received, a.child.next('sent')]);
      if (rep > 0) times.push(performance.now() - started); // rep 0 warms up
    }
  } finally {
    await Promise.all(started.map((child) => child.stop()));
  }
  return times;
}

const fmt = (s: Spread, digits = 1) =>
  `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}-${s.max.toFixed(digits)}]`;

async function main(): Promise<void> {
  const flags = new Flags(process.argv.slice(2), ['clients', 'messages', 'reps', 'rounds', 'quiet-wait']);
  const options = {
    clients: flags.num('clients', 200),
    messages: flags.num('messages', 200),
    reps: flags.num('reps', 5),
  };
  const rounds = flags.num('rounds', 3);
  const redis = await TestRedis.start();
  const times = new Map<Variant, number[][]>(VARIANTS.map((v) => [v, []]));
  const busy: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
      for (const variant of order) {
        busy.push((await waitForQuiet(flags.num('quiet-wait', 30))).busyPct);
        times.get(variant)![round] = await runVariant(variant, redis.url, options);
      }
    }
  } finally {
    await redis.kill();
  }
  const deliveries = options.clients * options.messages;
  const all = (variant: Variant) => times.get(variant)!.flat();
  const baseline = spread(all('one')).median;
  console.log(
    `fan-out: ${options.clients} clients x ${options.messages} validated broadcasts = ${deliveries} deliveries per repetition;`,
  );
  console.log(
    `${rounds} rounds x ${options.reps} repetitions per variant; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}`,
  );
  console.log(`machine busy before the variants (other processes): ${fmt(spread(busy), 0)} %`);
  console.log(
    'variant      ms per repetition, median [min-max]   deliveries/s   time / "one": overall, per round [min-max]',
  );
  for (const variant of VARIANTS) {
    const s = spread(all(variant));
    const rate = Math.round(deliveries / (s.median / 1000));
    const perRound = spread(
      times.get(variant)!.map((round, i) => spread(round).median / spread(times.get('one')![i]!).median),
    );
    console.log(
      `${variant.padEnd(12)} ${fmt(s).padEnd(38)} ${String(rate).padEnd(14)} ${(s.median / baseline).toFixed(2)}, ${fmt(perRound, 2)}`,
    );
  }
}

const role = process.argv[2];
const run = role === 'instance' ? runInstance : role === 'clients' ? runClients : main;
run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
