/** Runner-side handles on the forked server host and load generator. */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostToRunner, ProcStats, RunnerToHost } from '../contract.js';
import type { FromLoadgen, ToLoadgen } from './loadgen-protocol.js';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
export const SERVER_HOST_JS = here('../server-host.js');
export const LOADGEN_JS = here('../loadgen.js');

const splitArgs = (s: string | undefined) => (s ? s.split(/\s+/).filter(Boolean) : []);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class ServerProc {
  port = 0;
  description = '';
  private reqs = new Map<number, (s: ProcStats) => void>();
  private commands = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private nextReq = 1;
  private exited: Promise<void>;

  private constructor(
    readonly variant: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('error', () => undefined); // IPC errors surface as rejected requests
    child.on('message', (msg: HostToRunner) => {
      if (msg.type === 'stats') {
        this.reqs.get(msg.reqId)?.(msg.stats);
        this.reqs.delete(msg.reqId);
      } else if (msg.type === 'command-result') {
        const pending = this.commands.get(msg.reqId);
        this.commands.delete(msg.reqId);
        if (msg.error === undefined) pending?.resolve(msg.result);
        else pending?.reject(new Error(`${variant}: ${msg.error}`));
      }
    });
  }

  /** `env`: more environment for the variant (a Redis URL, say). */
  static async start(
    variant: string,
    port = 0,
    timeoutMs = 30_000,
    env: Record<string, string> = {},
  ): Promise<ServerProc> {
    const child = fork(SERVER_HOST_JS, [variant], {
      env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
      execArgv: ['--expose-gc', ...splitArgs(process.env.BENCH_SERVER_EXECARGV)],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const proc = new ServerProc(variant, child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${variant}: not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${variant}: server host exited with ${code} before ready`));
      };
      child.once('exit', onExit);
      child.on('message', (msg: HostToRunner) => {
        if (msg.type === 'ready') {
          clearTimeout(timer);
          child.off('exit', onExit);
          proc.port = msg.port;
          proc.description = msg.description;
          resolve();
        } else if (msg.type === 'failed') {
          clearTimeout(timer);
          child.off('exit', onExit);
          reject(new Error(`${variant}: start() failed:\n${msg.error}`));
        }
      });
    });
    return proc;
  }

  stats(gc = false): Promise<ProcStats> {
    const reqId = this.nextReq++;
    return new Promise((resolve, reject) => {
      if (!this.child.connected)
        return reject(new Error(`${this.variant}: server process is gone (exit ${this.child.exitCode})`));
      this.reqs.set(reqId, resolve);
      const msg: RunnerToHost = { type: 'stats', reqId, gc };
      this.child.send(msg, (err) => {
        if (err) {
          this.reqs.delete(reqId);
          reject(err);
        }
      });
    });
  }

  /** Sends a command to the variant's `command` hook (see ../contract.ts) and resolves with its result. */
  command<T = unknown>(command: unknown): Promise<T> {
    const reqId = this.nextReq++;
    return new Promise<T>((resolve, reject) => {
      if (!this.child.connected)
        return reject(new Error(`${this.variant}: server process is gone (exit ${this.child.exitCode})`));
      this.commands.set(reqId, { resolve: resolve as (result: unknown) => void, reject });
      const msg: RunnerToHost = { type: 'command', reqId, command };
      this.child.send(msg, (err) => {
        if (err) {
          this.commands.delete(reqId);
          reject(err);
        }
      });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const msg: RunnerToHost = { type: 'stop' };
    if (this.child.connected) this.child.send(msg, () => undefined);
    else this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }
}

export class LoadgenProc {
  private reqs = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private nextReq = 1;
  private exited: Promise<void>;
  /** Called on 'rate-window' edges (for server CPU sampling). */
  onWindowEdge: ((edge: 'start' | 'end') => void) | undefined;
  problems: string[] = [];
  readonly child: ChildProcess;

  constructor() {
    // BENCH_LOADGEN_EXECARGV / BENCH_SERVER_EXECARGV: extra node flags, e.g. "--cpu-prof" for profiling.
    this.child = fork(LOADGEN_JS, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: splitArgs(process.env.BENCH_LOADGEN_EXECARGV),
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('error', () => undefined); // IPC errors surface as rejected requests
    this.child.once('exit', (code) => {
      for (const r of this.reqs.values()) r.reject(new Error(`loadgen exited (${code})`));
      this.reqs.clear();
    });
    this.child.on('message', (msg: FromLoadgen) => {
      if (msg.type === 'done' || msg.type === 'error') {
        const r = this.reqs.get(msg.reqId);
        this.reqs.delete(msg.reqId);
        if (msg.type === 'done') r?.resolve(msg.result);
        else r?.reject(new Error(`loadgen: ${msg.error}`));
      } else if (msg.type === 'rate-window') {
        this.onWindowEdge?.(msg.edge);
      } else if (msg.type === 'problem') {
        this.problems.push(msg.what);
      }
    });
  }

  request<T = any>(msg: DistributiveOmit<Exclude<ToLoadgen, { type: 'exit' }>, 'reqId'>): Promise<T> {
    const reqId = this.nextReq++;
    return new Promise<T>((resolve, reject) => {
      if (!this.child.connected) return reject(new Error(`loadgen process is gone (exit ${this.child.exitCode})`));
      this.reqs.set(reqId, { resolve, reject });
      this.child.send({ ...msg, reqId } as ToLoadgen, (err) => {
        if (err) {
          this.reqs.delete(reqId);
          reject(err);
        }
      });
    });
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send({ type: 'exit' } satisfies ToLoadgen, () => undefined);
    else this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(t);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const cpuUs = (s: ProcStats) => s.cpu.user + s.cpu.system;

/**
 * Machine-wide CPU time from /proc/stat (all cores), in microseconds, to tell
 * how much CPU OTHER processes and the hypervisor (steal) took during a
 * window. Zeros where /proc/stat is unavailable.
 */
export interface SystemCpu {
  busyUs: number;
  stealUs: number;
  now: number;
}

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

export function systemCpu(): SystemCpu {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    return {
      busyUs: (user! + nice! + system! + irq! + softirq!) * TICK_US,
      stealUs: (steal ?? 0) * TICK_US,
      now: performance.now(),
    };
  } catch {
    return { busyUs: 0, stealUs: 0, now: performance.now() };
  }
}

/**
 * Waits (up to maxWaitSec) until the machine is quiet: less than
 * `thresholdPct` of one core busy over a 0.5 s sample, with none of our
 * processes running. Benchmarks on a shared box (parallel builds and test
 * runs) otherwise measure the neighbours. Returns the seconds waited and the
 * last busy %.
 */
export async function waitForQuiet(
  maxWaitSec: number,
  thresholdPct = 20,
): Promise<{ waitedSec: number; busyPct: number }> {
  const t0 = performance.now();
  let busyPct = NaN;
  if (maxWaitSec <= 0) return { waitedSec: 0, busyPct };
  for (;;) {
    const a = systemCpu();
    await sleep(500);
    const b = systemCpu();
    if (!b.busyUs) return { waitedSec: 0, busyPct };
    busyPct = ((b.busyUs - a.busyUs) / 1000 / (b.now - a.now)) * 100;
    const waited = (performance.now() - t0) / 1000;
    if (busyPct < thresholdPct || waited >= maxWaitSec) return { waitedSec: waited - 0.5, busyPct };
  }
}
