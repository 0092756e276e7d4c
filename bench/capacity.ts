/**
 * Capacity model of scale-out over Redis (issue 18): unit costs measured here, a model built from them, and the
 * model checked against two- and three-instance runs.
 *
 *   npx tsc -p tsconfig.json && node build/bench/capacity.js [flags]
 *
 *   --reps R            repetitions of every measured window, default 3
 *   --seconds S         measured window, default 3; --warmup S before it, default 1
 *   --conns A,B         idle connections for the memory slope (B - A), default 2000,5000
 *   --mem-reps R        fresh instances for the memory figures, default 2
 *   --ping-ms P         ping interval while measuring the heartbeat's cost, default 1000 (socket.io's is 25000)
 *   --clients C         request clients per instance, default 20
 *   --rates a,b,c       messages/s of the calibration, default 500,2000,6000; --bc-rate B broadcasts/s, default 200
 *   --listeners L       broadcast recipients per instance, default 150
 *   --subscribers X     extra Redis subscribers for the per-subscriber cost, default 8
 *   --check-rate M      messages/s of the check, default 1200; --check-bc B broadcasts/s (all instances), default 90
 *   --target U          CPU per instance the table plans for, share of one core, default 0.7
 *   --quiet-wait S      before each repetition, wait up to S s for the machine to be quiet, default 10
 *   --json [file]       default .bench/capacity-<date>.json
 *
 * Processes: a redis-server on a free port (test/support/redis.ts), instances of the `nestjs-asynction-scaleout`
 * variant (bench/server-host.ts), one load generator (its request clients on `/bench`, its listening clients on
 * `/feed`). CPU is CPU time: process.cpuUsage of each instance, `INFO cpu` of Redis (used_cpu_sys + used_cpu_user).
 *
 * 1. Memory and heartbeat, on one instance: RSS and heap after GC at A and B idle connections (slope per
 *    connection), and CPU per second idle at 0 and B connections with a short ping interval (cost per ping).
 * 2. Unit costs, on instances A and B with L listeners each, after a warm-up, per repetition: an idle window;
 *    messages to A at each rate of --rates (CPU per message against A's utilisation: it falls as A gets busier);
 *    B broadcasts/s from A to `/quiet`, where nobody listens (fixed costs on A, on B and in Redis); the same to
 *    `/feed` (per recipient); `/quiet` again with X more Redis subscribers (Redis per subscriber). Every cost is net
 *    of the idle window of its repetition; the instance costs are expressed in messages at the utilisation they
 *    were measured at (bench/support/capacity-model.ts).
 * 3. The check: a mixed load (messages and broadcasts from every instance) on two, then three instances, after a
 *    warm-up; the CPU per second of every instance and of Redis against the model's prediction.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createClient } from 'redis';
import { TestRedis } from '../test/support/redis.js';
import type { ProcStats } from './contract.js';
import type { BroadcastNamespace } from './servers/nestjs-asynction-scaleout.js';
import {
  evenShare,
  inMessages,
  instanceCpu,
  plan,
  redisCpu,
  redisSaturation,
  type CurvePoint,
  type Traffic,
  type UnitCosts,
} from './support/capacity-model.js';
import { Flags, UsageError, environment, fmt, table } from './support/cli.js';
import type { LoadgenSnapshot, RateResult } from './support/loadgen-protocol.js';
import { LoadgenProc, ServerProc, cpuUs, sleep, systemCpu, waitForQuiet } from './support/procs.js';
import { ratioLine, spread, type Spread } from './support/stats.js';

const VARIANT = 'nestjs-asynction-scaleout';
const MB = 2 ** 20;
const KB = 1024;

type RedisClient = ReturnType<typeof createClient>;

/** Redis's CPU time so far, µs (INFO cpu: used_cpu_sys + used_cpu_user, in seconds). */
async function redisCpuUs(client: RedisClient): Promise<number> {
  const info = String(await client.sendCommand(['INFO', 'cpu']));
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1e6;
}

interface Snap {
  servers: ProcStats[];
  redisUs: number;
  loadgen: LoadgenSnapshot;
  runnerUs: number;
  system: ReturnType<typeof systemCpu>;
  now: number;
}

/** One measured window: CPU per second (µs/s) of each instance and of Redis, and what happened in it. */
interface Window {
  seconds: number;
  servers: number[];
  redis: number;
  /** Everything else on the machine (other helpers' work included), µs/s. */
  other: number;
  received: number;
  acked: number;
  lost: number;
  load1: number;
}

class Rig {
  readonly servers: ServerProc[] = [];
  readonly lg = new LoadgenProc();

  constructor(
    private readonly redis: TestRedis,
    private readonly info: RedisClient,
    private readonly timing: { warmup: number; seconds: number },
  ) {}

  async addInstance(env: Record<string, string> = {}): Promise<ServerProc> {
    const server = await ServerProc.start(VARIANT, 0, 30_000, { BENCH_REDIS_URL: this.redis.url, ...env });
    this.servers.push(server);
    return server;
  }

  private async snap(): Promise<Snap> {
    const [servers, redisUs, loadgen] = await Promise.all([
      Promise.all(this.servers.map((s) => s.stats())),
      redisCpuUs(this.info),
      this.lg.request<LoadgenSnapshot>({ type: 'snapshot' }),
    ]);
    const runner = process.cpuUsage();
    return {
      servers,
      redisUs,
      loadgen,
      runnerUs: runner.user + runner.system,
      system: systemCpu(),
      now: performance.now(),
    };
  }

  /** Runs `messages`/s over the load generator's request clients and the given broadcasts, and measures a window. */
  async window(messages: number, broadcasts: Array<[ServerProc, BroadcastNamespace, number]> = []): Promise<Window> {
    for (const [server, namespace, rate] of broadcasts) await server.command({ broadcast: namespace, rate });
    let a: Snap;
    let b: Snap;
    let lost = 0;
    try {
      if (messages > 0) {
        const edges: Promise<Snap>[] = [];
        this.lg.onWindowEdge = () => edges.push(this.snap());
        const r = await this.lg.request<RateResult>({
          type: 'rate',
          rate: messages,
          seconds: this.timing.seconds,
          warmupSec: this.timing.warmup,
          drainTimeoutMs: 5000,
        });
        [a, b] = (await Promise.all(edges)) as [Snap, Snap];
        lost = r.lost + r.badAcks;
      } else {
        await sleep(this.timing.warmup * 1000);
        a = await this.snap();
        await sleep(this.timing.seconds * 1000);
        b = await this.snap();
      }
    } finally {
      this.lg.onWindowEdge = undefined;
      for (const [server, namespace] of broadcasts) await server.command({ broadcast: namespace, rate: 0 });
    }
    const sec = (b.now - a.now) / 1000;
    const servers = b.servers.map((s, i) => (cpuUs(s) - cpuUs(a.servers[i]!)) / sec);
    const redis = (b.redisUs - a.redisUs) / sec;
    const mine =
      servers.reduce((x, y) => x + y, 0) +
      redis +
      (cpuUs(b.loadgen.proc) - cpuUs(a.loadgen.proc)) / sec +
      (b.runnerUs - a.runnerUs) / sec;
    return {
      seconds: sec,
      servers,
      redis,
      other: b.system.busyUs ? Math.max(0, (b.system.busyUs - a.system.busyUs) / sec - mine) : NaN,
      received: b.loadgen.received - a.loadgen.received,
      acked: b.loadgen.acked - a.loadgen.acked,
      lost,
      load1: loadavg()[0]!,
    };
  }

  async stop(): Promise<void> {
    await this.lg.request({ type: 'close-clients' }).catch(() => undefined);
    await this.lg.exit();
    await Promise.all(this.servers.map((s) => s.stop()));
  }
}

// ---------------------------------------------------------------- 1. memory and heartbeat

interface MemoryRep {
  rssBase: number;
  rssPerConnection: number;
  heapPerConnection: number;
  /** µs per ping, measured while the instance ran at `heartbeatUtilisation`. */
  heartbeat: number;
  heartbeatUtilisation: number;
  connectSec: number;
}

async function memoryAndHeartbeat(rig: Rig, conns: [number, number], pingMs: number): Promise<MemoryRep> {
  const server = await rig.addInstance({ BENCH_PING_INTERVAL: String(pingMs) });
  const idle0 = await rig.window(0);
  const base = await server.stats(true);
  const t0 = performance.now();
  await rig.lg.request({ type: 'connect', port: server.port, clients: conns[0], concurrency: 100 });
  await sleep(500);
  const first = await server.stats(true);
  await rig.lg.request({ type: 'connect', port: server.port, clients: conns[1] - conns[0], concurrency: 100 });
  const connectSec = (performance.now() - t0) / 1000;
  await sleep(500);
  const second = await server.stats(true);
  const idle1 = await rig.window(0);
  await rig.lg.request({ type: 'close-clients' });
  await server.stop();
  rig.servers.length = 0;
  const span = conns[1] - conns[0];
  return {
    rssBase: base.rss,
    rssPerConnection: (second.rss - first.rss) / span,
    heapPerConnection: (second.heapUsed - first.heapUsed) / span,
    heartbeat: (idle1.servers[0]! - idle0.servers[0]!) / (conns[1] / (pingMs / 1000)),
    heartbeatUtilisation: idle1.servers[0]! / 1e6,
    connectSec,
  };
}

// ---------------------------------------------------------------- 2. unit costs

/** µs per event, and the utilisation of the instance while it was measured. */
interface Point {
  us: number;
  utilisation: number;
}

/** One repetition's raw figures: per-event CPU with the utilisation it was measured at. */
interface CostRep {
  messages: Point[];
  emitQuiet: Point;
  emitFeed: Point;
  receiveQuiet: Point;
  receiveFeed: Point;
  idleInstance: number;
  redisIdle: number;
  redisPerBroadcast: number;
  redisPerSubscriber: number;
}

async function unitCostRep(
  rig: Rig,
  a: ServerProc,
  o: { rates: number[]; bcRate: number; subscribers: RedisClient[] },
): Promise<{ rep: CostRep; windows: Window[] }> {
  const idle = await rig.window(0);
  const point = (w: Window, i: number, perSecond: number): Point => ({
    us: (w.servers[i]! - idle.servers[i]!) / perSecond,
    utilisation: w.servers[i]! / 1e6,
  });
  const messages: Point[] = [];
  const windows = [idle];
  for (const rate of o.rates) {
    const w = await rig.window(rate);
    messages.push(point(w, 0, w.acked / w.seconds));
    windows.push(w);
  }
  const quiet = await rig.window(0, [[a, '/quiet', o.bcRate]]);
  const feed = await rig.window(0, [[a, '/feed', o.bcRate]]);
  const onMessage = () => undefined;
  await Promise.all(o.subscribers.map((s) => s.pSubscribe('socket.io#/quiet#*', onMessage)));
  const wide = await rig.window(0, [[a, '/quiet', o.bcRate]]);
  await Promise.all(o.subscribers.map((s) => s.pUnsubscribe('socket.io#/quiet#*')));
  const redis2 = (quiet.redis - idle.redis) / o.bcRate;
  const perSubscriber = ((wide.redis - idle.redis) / o.bcRate - redis2) / o.subscribers.length;
  return {
    rep: {
      messages,
      emitQuiet: point(quiet, 0, o.bcRate),
      emitFeed: point(feed, 0, o.bcRate),
      receiveQuiet: point(quiet, 1, o.bcRate),
      receiveFeed: point(feed, 1, o.bcRate),
      idleInstance: (idle.servers[0]! + idle.servers[1]!) / 2,
      redisIdle: idle.redis,
      redisPerBroadcast: redis2 - 2 * perSubscriber,
      redisPerSubscriber: perSubscriber,
    },
    windows: [...windows, quiet, feed, wide],
  };
}

type InstanceCost = 'heartbeat' | 'emitFixed' | 'emitPerRecipient' | 'receiveFixed' | 'receivePerRecipient';

/** One repetition's instance costs in messages, against the message curve of the whole run. */
function inMessagesRep(
  curve: CurvePoint[],
  rep: CostRep,
  listeners: number,
): Omit<Record<InstanceCost, number>, 'heartbeat'> {
  const m = (p: Point) => inMessages(curve, p.us, p.utilisation);
  return {
    emitFixed: m(rep.emitQuiet),
    emitPerRecipient: (m(rep.emitFeed) - m(rep.emitQuiet)) / listeners,
    receiveFixed: m(rep.receiveQuiet),
    receivePerRecipient: (m(rep.receiveFeed) - m(rep.receiveQuiet)) / listeners,
  };
}

// ---------------------------------------------------------------- 3. the check

interface CheckRep {
  predicted: number[];
  measured: number[];
  predictedRedis: number;
  measuredRedis: number;
  window: Window;
}

async function checkRep(
  rig: Rig,
  u: UnitCosts,
  o: { messages: number; broadcasts: number; clients: number; listeners: number },
): Promise<CheckRep> {
  const n = rig.servers.length;
  const window = await rig.window(
    o.messages,
    rig.servers.map((s) => [s, '/feed', o.broadcasts / n] as [ServerProc, BroadcastNamespace, number]),
  );
  const traffic: Traffic = {
    connections: n * (o.clients + o.listeners),
    messages: o.messages,
    broadcasts: o.broadcasts,
    recipients: n * o.listeners,
  };
  const load = evenShare(traffic, n);
  return {
    predicted: rig.servers.map(() => instanceCpu(u, load)),
    measured: window.servers,
    predictedRedis: redisCpu(u, o.broadcasts, n),
    measuredRedis: window.redis,
    window,
  };
}

// ---------------------------------------------------------------- report

const show = (s: Spread, digits?: number) => `${fmt(s.median, digits)} [${fmt(s.min, digits)}-${fmt(s.max, digits)}]`;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const showPct = (s: Spread) => `${pct(s.median)} [${pct(s.min)} to ${pct(s.max)}]`;
const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);

const DEFAULT_ROWS: Array<[string, Traffic]> = [
  ['10k connections, 1k msg/s', { connections: 10_000, messages: 1_000, broadcasts: 10, recipients: 100 }],
  ['100k connections, 10k msg/s', { connections: 100_000, messages: 10_000, broadcasts: 100, recipients: 100 }],
  ['1M connections, 100k msg/s', { connections: 1_000_000, messages: 100_000, broadcasts: 1_000, recipients: 100 }],
  ['broadcast-heavy', { connections: 100_000, messages: 1_000, broadcasts: 1_000, recipients: 1_000 }],
  ['everyone, once a second', { connections: 100_000, messages: 1_000, broadcasts: 1, recipients: 100_000 }],
  ['many small broadcasts', { connections: 100_000, messages: 1_000, broadcasts: 10_000, recipients: 10 }],
];

function planTable(u: UnitCosts, target: number): string {
  const rows = DEFAULT_ROWS.map(([name, t]) => {
    const p = plan(u, t, target);
    const fits = Number.isFinite(p.instances);
    return [
      name,
      fmt(t.connections, 0),
      fmt(t.messages, 0),
      `${fmt(t.broadcasts, 0)} × ${fmt(t.recipients, 0)}`,
      fits ? fmt(p.instances, 0) : 'none',
      fits ? fmt(p.cpuPerInstance / 1e4, 0) : '-',
      fmt(
        instanceCpu(u, { messages: 0, connections: 0, emitted: 0, received: t.broadcasts, localRecipients: 0 }) / 1e4,
        1,
      ),
      fits ? fmt(p.rssPerInstance / MB, 0) : '-',
      fits ? fmt(p.redisCpu / 1e4, 1) : '-',
      fits ? fmt(p.redisSaturation, 0) : '-',
    ];
  });
  return table(
    [
      'traffic',
      'connections',
      'msg/s',
      'broadcasts/s × recipients',
      `instances at ${fmt(target * 100, 0)}%`,
      'CPU/instance %',
      'floor %',
      'RSS/instance MB',
      'Redis CPU %',
      'Redis saturates at bc/s',
    ],
    rows,
  );
}

async function main(): Promise<void> {
  const f = new Flags(process.argv.slice(2), [
    'reps',
    'seconds',
    'warmup',
    'conns',
    'mem-reps',
    'ping-ms',
    'clients',
    'rates',
    'bc-rate',
    'listeners',
    'subscribers',
    'check-rate',
    'check-bc',
    'target',
    'quiet-wait',
    'json',
  ]);
  const reps = Math.max(1, Math.round(f.num('reps', 3)));
  const timing = { seconds: f.num('seconds', 3), warmup: f.num('warmup', 1) };
  const conns = (f.str('conns') ?? '2000,5000').split(',').map(Number) as [number, number];
  if (conns.length !== 2 || !(conns[0] > 0 && conns[1] > conns[0]))
    throw new UsageError(`--conns needs two counts, the second larger (e.g. 2000,5000), got ${f.str('conns')}`);
  const memReps = Math.max(1, Math.round(f.num('mem-reps', 2)));
  const pingMs = f.num('ping-ms', 1000);
  const clients = Math.max(1, Math.round(f.num('clients', 20)));
  const rates = (f.str('rates') ?? '500,2000,6000').split(',').map(Number);
  if (!rates.length || rates.some((r) => !(r > 0)))
    throw new UsageError(`--rates needs message rates, e.g. 500,2000,6000, got ${f.str('rates')}`);
  const bcRate = f.num('bc-rate', 200);
  const listeners = Math.round(f.num('listeners', 150));
  const checkRate = f.num('check-rate', 1200);
  const checkBc = f.num('check-bc', 90);
  const target = f.num('target', 0.7);
  const quietWait = f.num('quiet-wait', 10);
  // Sends in 1 ms bursts instead of spinning: the load generator must not take a core the instances need.
  process.env.BENCH_LOADGEN_NOSPIN = '1';

  const env = environment();
  const started = performance.now();
  console.log(
    `nestjs-asynction capacity — ${env.date}  node ${env.node}  ${env.cpus}× ${env.cpuModel}  load ${env.loadavg.join(' ')}`,
  );
  const redis = await TestRedis.start();
  const info = createClient({ url: redis.url });
  info.on('error', () => undefined);
  await info.connect();
  const subscribers = await Promise.all(
    Array.from({ length: Math.round(f.num('subscribers', 8)) }, async () => {
      const s = info.duplicate();
      s.on('error', () => undefined);
      await s.connect();
      return s;
    }),
  );
  const busy: number[] = [];
  const quiet = async () => busy.push((await waitForQuiet(quietWait)).busyPct);
  const loads: number[] = [];

  try {
    // 1
    console.log(`\n[1/3] memory and heartbeat: ${conns.join(' -> ')} idle connections, ping every ${pingMs} ms`);
    const memory: MemoryRep[] = [];
    for (let r = 0; r < memReps; r++) {
      await quiet();
      const rig = new Rig(redis, info, timing);
      try {
        memory.push(await memoryAndHeartbeat(rig, conns, pingMs));
      } finally {
        await rig.stop();
      }
      loads.push(loadavg()[0]!);
      const m = memory.at(-1)!;
      console.log(
        `  rep ${r + 1}: RSS ${fmt(m.rssPerConnection / KB, 1)} KB/conn, heap ${fmt(m.heapPerConnection / KB, 1)} KB/conn, ` +
          `heartbeat ${fmt(m.heartbeat, 1)} µs/ping, base RSS ${fmt(m.rssBase / MB, 0)} MB, load ${fmt(loads.at(-1)!, 2)}`,
      );
    }

    // 2
    console.log(
      `\n[2/3] unit costs on two instances: ${rates.join(', ')} msg/s, ${bcRate} broadcasts/s, ${listeners} listeners ` +
        `per instance, ${subscribers.length} extra Redis subscribers`,
    );
    const rig = new Rig(redis, info, timing);
    const costReps: CostRep[] = [];
    const checks: Record<'two' | 'three', CheckRep[]> = { two: [], three: [] };
    let u: UnitCosts;
    try {
      const a = await rig.addInstance();
      const b = await rig.addInstance();
      await rig.lg.request({ type: 'connect', port: a.port, clients });
      for (const s of [a, b])
        await rig.lg.request({ type: 'listen', port: s.port, namespace: '/feed', clients: listeners });
      // warm-up, not measured: both instances emit and receive, A serves messages
      await rig.window(rates[0]!, [
        [a, '/feed', bcRate],
        [b, '/quiet', bcRate],
      ]);
      for (let r = 0; r < reps; r++) {
        await quiet();
        const { rep, windows } = await unitCostRep(rig, a, { rates, bcRate, subscribers });
        costReps.push(rep);
        loads.push(loadavg()[0]!);
        const feed = windows[rates.length + 2]!;
        const expected = bcRate * feed.seconds * 2 * listeners;
        const at = (p: Point, digits = 0) => `${fmt(p.us, digits)} µs at ${fmt(p.utilisation * 100, 0)}%`;
        console.log(
          `  rep ${r + 1}: message ${rep.messages.map((p) => at(p, 1)).join(', ')}; per broadcast: emitting ` +
            `${at(rep.emitQuiet)} (nobody listening), ${at(rep.emitFeed)} (${listeners} listening); other ` +
            `${at(rep.receiveQuiet)}, ${at(rep.receiveFeed)}; Redis ${fmt(rep.redisPerBroadcast, 1)} + ` +
            `${fmt(rep.redisPerSubscriber, 2)}/subscriber µs; deliveries ${fmt((feed.received / expected) * 100, 0)}% ` +
            `of expected, lost ${sum(windows.map((w) => w.lost))}, other CPU ` +
            `${fmt(Math.max(...windows.map((w) => w.other)) / 1e4, 0)}%, load ${fmt(loads.at(-1)!, 2)}`,
        );
      }
      const med = (values: number[]) => spread(values).median;
      const curve = rates.map((_, i) => ({
        utilisation: med(costReps.map((r) => r.messages[i]!.utilisation)),
        us: med(costReps.map((r) => r.messages[i]!.us)),
      }));
      curve.sort((x, y) => x.utilisation - y.utilisation);
      const inMsg = costReps.map((r) => inMessagesRep(curve, r, listeners));
      const heartbeats = memory.map((m) => inMessages(curve, m.heartbeat, m.heartbeatUtilisation));
      u = {
        messageCurve: curve,
        idleInstance: med(costReps.map((r) => r.idleInstance)),
        heartbeat: med(heartbeats),
        emitFixed: med(inMsg.map((r) => r.emitFixed)),
        emitPerRecipient: med(inMsg.map((r) => r.emitPerRecipient)),
        receiveFixed: med(inMsg.map((r) => r.receiveFixed)),
        receivePerRecipient: med(inMsg.map((r) => r.receivePerRecipient)),
        redisIdle: med(costReps.map((r) => r.redisIdle)),
        redisPerBroadcast: med(costReps.map((r) => r.redisPerBroadcast)),
        redisPerSubscriber: med(costReps.map((r) => r.redisPerSubscriber)),
        rssBase: med(memory.map((m) => m.rssBase)),
        rssPerConnection: med(memory.map((m) => m.rssPerConnection)),
      };

      // 3
      console.log(
        `\n[3/3] check: ${checkRate} msg/s and ${checkBc} broadcasts/s spread over every instance, ` +
          `${clients} request clients and ${listeners} listeners per instance`,
      );
      const check = { messages: checkRate, broadcasts: checkBc, clients, listeners };
      await rig.lg.request({ type: 'connect', port: b.port, clients });
      for (const name of ['two', 'three'] as const) {
        if (name === 'three') {
          const c = await rig.addInstance();
          await rig.lg.request({ type: 'connect', port: c.port, clients });
          await rig.lg.request({ type: 'listen', port: c.port, namespace: '/feed', clients: listeners });
        }
        await checkRep(rig, u, check); // warm-up: the new instance's emit and message paths, not measured
        for (let r = 0; r < reps; r++) {
          await quiet();
          const rep = await checkRep(rig, u, check);
          checks[name].push(rep);
          loads.push(loadavg()[0]!);
          console.log(
            `  ${name} rep ${r + 1}: instances predicted ${fmt(sum(rep.predicted) / 1e4, 1)}% measured ` +
              `${rep.measured.map((x) => fmt(x / 1e4, 1)).join(' + ')} = ${fmt(sum(rep.measured) / 1e4, 1)}% of a core; ` +
              `Redis predicted ${fmt(rep.predictedRedis / 1e4, 2)}% measured ${fmt(rep.measuredRedis / 1e4, 2)}%; ` +
              `lost ${rep.window.lost}, other CPU ${fmt(rep.window.other / 1e4, 0)}%, load ${fmt(rep.window.load1, 2)}`,
          );
        }
      }
    } finally {
      await rig.stop();
    }

    // report
    console.log(
      `\nUnit costs, median [min-max] (CPU time; ${reps} repetitions, memory over ${memReps} instances), ` +
        `load average ${fmt(Math.min(...loads), 2)}-${fmt(Math.max(...loads), 2)}, ` +
        `machine busy before the repetitions ${show(spread(busy), 0)}%`,
    );
    console.log(
      table(
        ['message with validated ack', 'instance utilisation %', 'µs per message'],
        rates.map((rate, i) => [
          `${fmt(rate, 0)} msg/s`,
          show(spread(costReps.map((r) => r.messages[i]!.utilisation * 100)), 1),
          show(spread(costReps.map((r) => r.messages[i]!.us)), 1),
        ]),
      ),
    );
    const inMsg = costReps.map((r) => inMessagesRep(u.messageCurve, r, listeners));
    const row = (name: string, us: Point[], messages: number[], digits = 1) => [
      name,
      us.length ? show(spread(us.map((p) => p.us)), digits) : '',
      us.length ? show(spread(us.map((p) => p.utilisation * 100)), 0) : '',
      show(spread(messages), 2),
    ];
    const perRecipient = (feed: Point[], quiet: Point[]) =>
      feed.map((p, i) => ({ us: (p.us - quiet[i]!.us) / listeners, utilisation: p.utilisation }));
    console.log(
      table(
        ['instance cost', 'µs', 'at utilisation %', 'in messages'],
        [
          row(
            'heartbeat (ping + pong)',
            memory.map((m) => ({ us: m.heartbeat, utilisation: m.heartbeatUtilisation })),
            memory.map((m) => inMessages(u.messageCurve, m.heartbeat, m.heartbeatUtilisation)),
          ),
          row(
            'broadcast, emitting instance, fixed',
            costReps.map((r) => r.emitQuiet),
            inMsg.map((r) => r.emitFixed),
            0,
          ),
          row(
            'broadcast, emitting instance, per local recipient',
            perRecipient(
              costReps.map((r) => r.emitFeed),
              costReps.map((r) => r.emitQuiet),
            ),
            inMsg.map((r) => r.emitPerRecipient),
            2,
          ),
          row(
            'broadcast, each other instance, fixed',
            costReps.map((r) => r.receiveQuiet),
            inMsg.map((r) => r.receiveFixed),
            0,
          ),
          row(
            'broadcast, each other instance, per local recipient',
            perRecipient(
              costReps.map((r) => r.receiveFeed),
              costReps.map((r) => r.receiveQuiet),
            ),
            inMsg.map((r) => r.receivePerRecipient),
            2,
          ),
        ],
      ),
    );
    const costRow = (name: string, values: number[], unit: string, digits = 1) => [
      name,
      show(spread(values), digits),
      unit,
    ];
    console.log(
      table(
        ['other unit cost', 'median [min-max]', 'unit'],
        [
          costRow(
            'idle instance (2 Redis connections)',
            costReps.map((r) => r.idleInstance),
            'µs/s',
            0,
          ),
          costRow(
            'Redis per broadcast, fixed',
            costReps.map((r) => r.redisPerBroadcast),
            'µs',
          ),
          costRow(
            'Redis per broadcast and subscribed instance',
            costReps.map((r) => r.redisPerSubscriber),
            'µs',
            2,
          ),
          costRow(
            'idle Redis',
            costReps.map((r) => r.redisIdle),
            'µs/s',
            0,
          ),
          costRow(
            'RSS per idle connection',
            memory.map((m) => m.rssPerConnection / KB),
            'KB',
          ),
          costRow(
            'heap per idle connection',
            memory.map((m) => m.heapPerConnection / KB),
            'KB',
          ),
          costRow(
            'RSS of an instance, no connection',
            memory.map((m) => m.rssBase / MB),
            'MB',
            0,
          ),
        ],
      ),
    );
    console.log(
      `\nPredicted (target ${fmt(target * 100, 0)}% of one core per instance, traffic spread evenly, every instance ` +
        'reading every broadcast):',
    );
    console.log(planTable(u, target));
    console.log(
      `Redis (one core) saturates at ${[2, 10, 50, 200].map((n) => `${fmt(redisSaturation(u, n), 0)} broadcasts/s with ${n} instances`).join(', ')}`,
    );
    console.log('\nCheck, CPU per second (% of one core), median [min-max] over the repetitions:');
    const errors: Array<[string, Spread]> = [];
    const ratios: string[] = []; // predicted ÷ measured
    for (const name of ['two', 'three'] as const) {
      const reps = checks[name];
      const total = spread(reps.map((r) => sum(r.predicted) / sum(r.measured) - 1));
      const worst = spread(
        reps.map((r) =>
          r.predicted.reduce(
            (w, p, i) => (Math.abs(p / r.measured[i]! - 1) > Math.abs(w) ? p / r.measured[i]! - 1 : w),
            0,
          ),
        ),
      );
      const red = spread(reps.map((r) => r.predictedRedis / r.measuredRedis - 1));
      console.log(
        `  ${name} instances: predicted ${show(spread(reps.map((r) => sum(r.predicted) / 1e4)))}, ` +
          `measured ${show(spread(reps.map((r) => sum(r.measured) / 1e4)))}; worst instance ${showPct(worst)}; ` +
          `Redis predicted ${show(spread(reps.map((r) => r.predictedRedis / 1e4)), 2)}, ` +
          `measured ${show(spread(reps.map((r) => r.measuredRedis / 1e4)), 2)}`,
      );
      errors.push([`capacity.${name}`, total], [`capacity.${name}.redis`, red]);
      ratios.push(
        ratioLine(
          `capacity.${name}`,
          reps.map((r) => sum(r.predicted) / sum(r.measured)),
        ),
        ratioLine(
          `capacity.${name}.redis`,
          reps.map((r) => r.predictedRedis / r.measuredRedis),
        ),
      );
    }
    for (const line of ratios) console.log(line);
    for (const [name, s] of errors) console.log(`error ${name}=${showPct(s)}`);
    console.log(`total ${fmt((performance.now() - started) / 1000, 0)} s`);

    if (f.has('json')) {
      const file = resolve(f.str('json') ?? `.bench/capacity-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      mkdirSync(dirname(file), { recursive: true });
      const meta = {
        ...env,
        reps,
        timing,
        conns,
        memReps,
        pingMs,
        clients,
        rates,
        bcRate,
        listeners,
        checkRate,
        checkBc,
      };
      writeFileSync(
        file,
        JSON.stringify(
          { meta, loads, busy, unitCosts: u, costReps, memory, checks, errors: Object.fromEntries(errors) },
          null,
          2,
        ),
      );
      console.log(`results written to ${file}`);
    }
  } finally {
    await Promise.all([info, ...subscribers].map((client) => client.close().catch(() => undefined)));
    await redis.kill();
  }
}

main().catch((err) => {
  console.error(
    err instanceof UsageError ? `${err.message}\n(see the flags at the top of bench/capacity.ts)` : (err?.stack ?? err),
  );
  process.exit(1);
});
