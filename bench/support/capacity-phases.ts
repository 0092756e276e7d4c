/** The measurements of bench/capacity.ts: memory and heartbeat, unit costs, and the check of the model. */
import type { BroadcastNamespace } from '../servers/nestjs-asynction-scaleout.js';
import {
  evenShare,
  inMessages,
  instanceCpu,
  redisCpu,
  type CurvePoint,
  type Traffic,
  type UnitCosts,
} from './capacity-model.js';
import type { RedisClient, Rig, Window } from './capacity-rig.js';
import { sleep, type ServerProc } from './procs.js';

// ---------------------------------------------------------------- 1. memory and heartbeat

export interface MemoryRep {
  rssBase: number;
  rssPerConnection: number;
  heapPerConnection: number;
  /** µs per ping, measured while the instance ran at `heartbeatUtilisation`. */
  heartbeat: number;
  heartbeatUtilisation: number;
  connectSec: number;
}

export async function memoryAndHeartbeat(rig: Rig, conns: [number, number], pingMs: number): Promise<MemoryRep> {
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
export interface Point {
  us: number;
  utilisation: number;
}

/** One repetition's raw figures: per-event CPU with the utilisation it was measured at. */
export interface CostRep {
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

export async function unitCostRep(
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
export function inMessagesRep(
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

export interface CheckRep {
  predicted: number[];
  measured: number[];
  predictedRedis: number;
  measuredRedis: number;
  window: Window;
}

export async function checkRep(
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
