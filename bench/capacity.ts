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
 *   --rates a,b,c       messages/s of the calibration, default 500,2000,6000,12000 (the last reaches the utilisation
 *                       the per-recipient costs are measured at); --bc-rate B broadcasts/s, default 200
 *   --listeners L       broadcast recipients per instance, default 150
 *   --subscribers X     extra Redis subscribers for the per-subscriber cost, default 8
 *   --check-rate M      messages/s of the check, default 1200; --check-bc B broadcasts/s (all instances), default 90
 *   --target U          CPU per instance the table plans for, share of one core, default 0.7
 *   --traffic N,M,B,R   more rows for the table: connections, messages/s, broadcasts/s, recipients of each;
 *                       rows separated by ";"
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
import { inMessages, type UnitCosts } from './support/capacity-model.js';
import {
  checkRep,
  inMessagesRep,
  memoryAndHeartbeat,
  unitCostRep,
  type CheckRep,
  type CostRep,
  type MemoryRep,
  type Point,
} from './support/capacity-phases.js';
import { DEFAULT_ROWS, parseTraffic, printReport, sum } from './support/capacity-report.js';
import { Rig } from './support/capacity-rig.js';
import { Flags, UsageError, environment, fmt } from './support/cli.js';
import { waitForQuiet } from './support/procs.js';
import { spread } from './support/stats.js';

const MB = 2 ** 20;
const KB = 1024;

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
    'traffic',
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
  const rates = (f.str('rates') ?? '500,2000,6000,12000').split(',').map(Number);
  if (!rates.length || rates.some((r) => !(r > 0)))
    throw new UsageError(`--rates needs message rates, e.g. 500,2000,6000, got ${f.str('rates')}`);
  const bcRate = f.num('bc-rate', 200);
  const listeners = Math.round(f.num('listeners', 150));
  const checkRate = f.num('check-rate', 1200);
  const checkBc = f.num('check-bc', 90);
  const target = f.num('target', 0.7);
  const traffic = [...DEFAULT_ROWS, ...(f.str('traffic') ? parseTraffic(f.str('traffic')!) : [])];
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

    const { errors } = printReport({
      traffic,
      u,
      target,
      rates,
      listeners,
      reps,
      memReps,
      costReps,
      memory,
      checks,
      loads,
      busy,
    });
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
