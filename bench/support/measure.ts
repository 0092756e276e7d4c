/** Measurement phases shared by run.ts and scaling.ts. */
import type { ProcStats } from '../contract.js';
import type { LoadgenSnapshot, RateResult } from './loadgen-protocol.js';
import { cpuUs, sleep, systemCpu, type LoadgenProc, type ServerProc, type SystemCpu } from './procs.js';

export interface SaturationResult {
  clients: number;
  window: number;
  seconds: number;
  /** Acked round trips per second inside the window. */
  throughput: number;
  acked: number;
  /** Server CPU (user+system) per acked message, microseconds. */
  serverUsPerMsg: number;
  serverUserUsPerMsg: number;
  serverSysUsPerMsg: number;
  /** Server CPU over the window, % of one core. */
  serverCpuPct: number;
  loadgenCpuPct: number;
  loadgenUsPerMsg: number;
  /**
   * CPU used by everything else on the machine during the window (other
   * processes, kernel threads; % of one core, from /proc/stat minus server and
   * loadgen), and hypervisor steal. High values mean a disturbed window.
   */
  otherCpuPct: number;
  stealPct: number;
  badAcks: number;
  problems: number;
}

export async function measureSaturation(
  server: ServerProc,
  lg: LoadgenProc,
  opts: { clients: number; window: number; warmupSec: number; seconds: number },
): Promise<SaturationResult> {
  await lg.request({ type: 'saturate', window: opts.window });
  await sleep(opts.warmupSec * 1000);
  const sysA = systemCpu();
  const [a, sa] = await Promise.all([lg.request<LoadgenSnapshot>({ type: 'snapshot' }), server.stats()]);
  await sleep(opts.seconds * 1000);
  const [b, sb] = await Promise.all([lg.request<LoadgenSnapshot>({ type: 'snapshot' }), server.stats()]);
  const sysB = systemCpu();
  if (b.acked === a.acked) {
    throw new Error(
      `no acks in ${opts.seconds}s (${b.sent} sent in total, ${b.acked} acked, ${b.problems} problems); ` +
        'does the server ack `order` on /bench with { ok: true, id }?',
    );
  }
  await lg.request({ type: 'drain', timeoutMs: 10_000 });
  return saturationFrom(opts, a, b, sa, sb, sysA, sysB);
}

function saturationFrom(
  opts: { clients: number; window: number },
  a: LoadgenSnapshot,
  b: LoadgenSnapshot,
  sa: ProcStats,
  sb: ProcStats,
  sysA: SystemCpu,
  sysB: SystemCpu,
): SaturationResult {
  const n = b.acked - a.acked;
  const lgWallMs = b.now - a.now;
  const srvWallMs = sb.now - sa.now;
  const srvCpu = cpuUs(sb) - cpuUs(sa);
  const lgCpu = cpuUs(b.proc) - cpuUs(a.proc);
  return {
    clients: opts.clients,
    window: opts.window,
    seconds: lgWallMs / 1000,
    throughput: (n / lgWallMs) * 1000,
    acked: n,
    serverUsPerMsg: srvCpu / n,
    serverUserUsPerMsg: (sb.cpu.user - sa.cpu.user) / n,
    serverSysUsPerMsg: (sb.cpu.system - sa.cpu.system) / n,
    serverCpuPct: (srvCpu / 1000 / srvWallMs) * 100,
    loadgenCpuPct: (lgCpu / 1000 / lgWallMs) * 100,
    loadgenUsPerMsg: lgCpu / n,
    otherCpuPct: sysB.busyUs
      ? Math.max(0, ((sysB.busyUs - sysA.busyUs - srvCpu - lgCpu) / 1000 / (sysB.now - sysA.now)) * 100)
      : NaN,
    stealPct: sysB.busyUs ? ((sysB.stealUs - sysA.stealUs) / 1000 / (sysB.now - sysA.now)) * 100 : NaN,
    badAcks: b.badAcks - a.badAcks,
    problems: b.problems - a.problems,
  };
}

export interface FixedRateResult extends RateResult {
  /** Server CPU per message scheduled in the window, microseconds. */
  serverUsPerMsg: number;
  serverCpuPct: number;
  /** As in SaturationResult: CPU of everything else during the window, % of one core. */
  otherCpuPct: number;
  /** Ack rate within 3% of the offered rate and nothing lost. */
  sustained: boolean;
}

export async function measureFixedRate(
  server: ServerProc,
  lg: LoadgenProc,
  opts: { rate: number; seconds: number; warmupSec: number },
): Promise<FixedRateResult> {
  const edges: Promise<ProcStats>[] = [];
  const sys: SystemCpu[] = [];
  lg.onWindowEdge = () => {
    sys.push(systemCpu());
    edges.push(server.stats());
  };
  try {
    const r = await lg.request<RateResult>({
      type: 'rate',
      rate: opts.rate,
      seconds: opts.seconds,
      warmupSec: opts.warmupSec,
      drainTimeoutMs: 5000,
    });
    const [s0, s1] = await Promise.all(edges);
    const srvCpu = s0 && s1 ? cpuUs(s1) - cpuUs(s0) : NaN;
    const wall = s0 && s1 ? s1.now - s0.now : NaN;
    const [y0, y1] = sys;
    const lgCpu = (r.loadgenCpuPct / 100) * wall * 1000;
    return {
      ...r,
      serverUsPerMsg: srvCpu / r.scheduled,
      serverCpuPct: (srvCpu / 1000 / wall) * 100,
      otherCpuPct:
        y0 && y1 && y1.busyUs
          ? Math.max(0, ((y1.busyUs - y0.busyUs - srvCpu - lgCpu) / 1000 / (y1.now - y0.now)) * 100)
          : NaN,
      sustained: r.lost === 0 && r.ackRate >= 0.97 * r.offeredRate,
    };
  } finally {
    lg.onWindowEdge = undefined;
  }
}
