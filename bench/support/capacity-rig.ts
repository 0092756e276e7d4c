/**
 * The processes of bench/capacity.ts and its measured window: instances of the `nestjs-asynction-scaleout` variant
 * on one Redis, and one load generator; the CPU time per second of each instance and of Redis over a window.
 */
import { loadavg } from 'node:os';
import type { createClient } from 'redis';
import type { TestRedis } from '../../test/support/redis.js';
import type { ProcStats } from '../contract.js';
import type { BroadcastNamespace } from '../servers/nestjs-asynction-scaleout.js';
import type { LoadgenSnapshot, RateResult } from './loadgen-protocol.js';
import { LoadgenProc, ServerProc, cpuUs, sleep, systemCpu } from './procs.js';

const VARIANT = 'nestjs-asynction-scaleout';

export type RedisClient = ReturnType<typeof createClient>;

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
export interface Window {
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

export class Rig {
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
