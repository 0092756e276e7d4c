/**
 * Load generator process (forked by run.ts / scaling.ts, driven over IPC, see
 * support/loadgen-protocol.ts). Many lean socket.io clients in one process.
 *
 * Closed loop ('saturate'): every client keeps a fixed window of acks in
 * flight, sending a new event as each ack arrives.
 * Open loop ('rate'): sends are scheduled at fixed times regardless of acks,
 * and latency is measured from the scheduled time, so a stalled server is
 * charged for every message it delayed (no coordinated omission). To send
 * close to schedule the loop spins on setImmediate when the next send is
 * less than ~1.5 ms away, so in that mode the loadgen's own CPU reads ~100%
 * by construction; its actual lateness is measured and reported.
 * BENCH_LOADGEN_NOSPIN=1 replaces the spin by setTimeout (1 ms granularity:
 * sends go out in bursts and late, which shows up as latency; diagnostics only).
 */
import { procStats } from './contract.js';
import { EVENT, NAMESPACE } from './support/fixture.js';
import { listenMany, type CountingClient } from './support/counting-client.js';
import { LeanClient, connectMany, orderTemplate } from './support/lean-client.js';
import type { FromLoadgen, LoadgenSnapshot, RateResult, ToLoadgen } from './support/loadgen-protocol.js';
import { socketIoUrl } from './support/socket-io.connection.js';
import { Samples, summarize } from './support/stats.js';

const send = (msg: FromLoadgen) => process.send?.(msg);
const tmpl = orderTemplate(NAMESPACE, EVENT);
const spin = !process.env.BENCH_LOADGEN_NOSPIN;

type Mode = 'idle' | 'saturate' | 'rate' | 'drain';
let mode: Mode = 'idle';
let clients: LeanClient[] = [];
let listeners: CountingClient[] = [];
let received = 0;
/** Per client (by LeanClient.id): ackId -> send time (closed loop) or scheduled time (open loop). */
const inflight: Map<number, number>[] = [];
let sent = 0;
let acked = 0;
let badAcks = 0;
let problems = 0;
let problemReports = 0;
let onDrained: (() => void) | undefined;

// open-loop window state
let winStart = Infinity;
let winEnd = -Infinity;
let winAcked = 0;
let winLastAck = 0;
const winLatency = new Samples();

function emit(c: LeanClient, t: number): void {
  const ackId = c.takeAckId();
  inflight[c.id]!.set(ackId, t);
  sent++;
  c.sendFrame(tmpl.frame(ackId));
}

const handlers = {
  onAck(c: LeanClient, ackId: number, ok: boolean, now: number) {
    const map = inflight[c.id]!;
    const t = map.get(ackId);
    if (t === undefined) {
      handlers.onProblem(c, `ack for unknown id ${ackId}`);
      return;
    }
    map.delete(ackId);
    acked++;
    if (!ok) {
      badAcks++;
      if (badAcks <= 3) handlers.onProblem(c, `bad ack for ${ackId}`);
    }
    if (mode === 'saturate') {
      emit(c, now);
    } else if (mode === 'rate' || mode === 'drain') {
      if (t >= winStart && t < winEnd) {
        winAcked++;
        winLastAck = now;
        winLatency.push((now - t) * 1000);
      }
      if (mode === 'drain' && acked >= sent) onDrained?.();
    }
  },
  onProblem(_c: LeanClient | undefined, what: string) {
    problems++;
    if (problemReports++ < 5) send({ type: 'problem', what });
  },
};

function snapshot(): LoadgenSnapshot {
  return {
    sent,
    acked,
    badAcks,
    problems,
    inFlight: sent - acked,
    received,
    now: performance.now(),
    proc: procStats(),
  };
}

function drain(timeoutMs: number): Promise<number> {
  mode = 'drain';
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      onDrained = undefined;
      resolve(sent - acked);
    };
    const timer = setTimeout(finish, timeoutMs);
    onDrained = finish;
    if (acked >= sent) finish();
  });
}

async function runRate(
  reqId: number,
  rate: number,
  seconds: number,
  warmupSec: number,
  drainTimeoutMs: number,
): Promise<RateResult> {
  if (!clients.length) throw new Error('rate: no clients connected');
  const n = clients.length;
  const interval = 1000 / rate;
  const t0 = performance.now() + 5;
  winStart = t0 + warmupSec * 1000;
  winEnd = winStart + seconds * 1000;
  winAcked = 0;
  winLastAck = 0;
  winLatency.clear();
  const lateness = new Samples();
  let k = 0;
  let scheduled = 0;
  let started = false;
  let cpu0 = process.cpuUsage();
  let wall0 = 0;
  let cpuPct = NaN;
  const badAcks0 = badAcks;
  const problems0 = problems;
  mode = 'rate';

  await new Promise<void>((resolve) => {
    const tick = () => {
      let now = performance.now();
      let due = t0 + k * interval;
      while (due <= now) {
        if (due >= winEnd) {
          cpuPct = (cpuTotal(process.cpuUsage(cpu0)) / 1000 / (performance.now() - wall0)) * 100;
          send({ type: 'rate-window', reqId, edge: 'end' });
          resolve();
          return;
        }
        if (!started && due >= winStart) {
          started = true;
          cpu0 = process.cpuUsage();
          wall0 = performance.now();
          send({ type: 'rate-window', reqId, edge: 'start' });
        }
        emit(clients[k % n]!, due);
        if (due >= winStart) {
          scheduled++;
          lateness.push((performance.now() - due) * 1000);
        }
        k++;
        due = t0 + k * interval;
        now = performance.now();
      }
      const wait = due - now;
      if (wait > 1.5 || (!spin && wait > 0)) setTimeout(tick, Math.max(0, wait - 1));
      else setImmediate(tick);
    };
    tick();
  });

  // stop scheduling; wait for the measured messages (and everything else)
  await drain(drainTimeoutMs);
  let lost = 0;
  for (const c of clients) for (const t of inflight[c.id]!.values()) if (t >= winStart && t < winEnd) lost++;
  const latencyUs = summarize(winLatency.view(), lost);
  const result: RateResult = {
    offeredRate: rate,
    scheduled,
    acked: winAcked,
    lost,
    ackRate: winAcked / (Math.max(winLastAck - winStart, seconds * 1000) / 1000),
    latencyUs,
    sendLatenessUs: summarize(lateness.view()),
    loadgenCpuPct: cpuPct,
    badAcks: badAcks - badAcks0,
    problems: problems - problems0,
  };
  winStart = Infinity;
  winEnd = -Infinity;
  mode = 'idle';
  return result;
}

const cpuTotal = (c: NodeJS.CpuUsage) => c.user + c.system;

async function handle(msg: ToLoadgen): Promise<unknown> {
  switch (msg.type) {
    case 'connect': {
      const t = performance.now();
      const more = await connectMany(msg.clients, socketIoUrl(msg.port), NAMESPACE, handlers, msg.concurrency ?? 100);
      for (const c of more) inflight[c.id] = new Map();
      clients.push(...more);
      return { clients: clients.length, ms: performance.now() - t, payloadBytes: tmpl.payloadBytes };
    }
    case 'saturate': {
      mode = 'saturate';
      const now = performance.now();
      for (const c of clients) for (let i = 0; i < msg.window; i++) emit(c, now);
      return snapshot();
    }
    case 'snapshot':
      return snapshot();
    case 'drain': {
      const left = await drain(msg.timeoutMs ?? 10_000);
      mode = 'idle';
      return { left, ...snapshot() };
    }
    case 'rate':
      return runRate(msg.reqId, msg.rate, msg.seconds, msg.warmupSec, msg.drainTimeoutMs ?? 5000);
    case 'listen': {
      const onEvent = () => void received++;
      const onLost = (what: string) => handlers.onProblem(undefined, what);
      listeners.push(...(await listenMany(msg.clients, socketIoUrl(msg.port), msg.namespace, onEvent, onLost)));
      return { listeners: listeners.length };
    }
    case 'close-clients': {
      mode = 'idle';
      for (const c of clients) c.close();
      for (const c of listeners) c.stop();
      clients = [];
      listeners = [];
      return null;
    }
    case 'exit':
      process.exit(0);
  }
}

process.on('message', (msg: ToLoadgen) => {
  if (msg.type === 'exit') process.exit(0);
  handle(msg).then(
    (result) => send({ type: 'done', reqId: msg.reqId, result }),
    (err) => send({ type: 'error', reqId: msg.reqId, error: String(err?.stack ?? err) }),
  );
});
process.on('disconnect', () => process.exit(0));
