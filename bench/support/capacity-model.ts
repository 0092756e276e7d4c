/**
 * The capacity model of bench/capacity.ts: what a scaled-out application costs per instance and in Redis, from
 * unit costs measured on one machine. Pure arithmetic; the assumptions are on docs/scale-out.md#capacity-model.
 */

/** CPU per message at one utilisation of the instance (its CPU time per second, as a share of one core). */
export interface CurvePoint {
  utilisation: number;
  us: number;
}

/**
 * Measured unit costs. An instance's CPU per event falls as the instance gets busier (an event that finds the
 * process asleep pays the wake-up; events that arrive together share one), so the instance's costs are given in
 * messages, times the CPU of one message at the instance's utilisation (`messageCurve`). Redis's costs are in µs
 * of CPU time, memory in bytes; µs/s = millionths of a core.
 */
export interface UnitCosts {
  /** µs per inbound message with its validated ack, against the instance's utilisation; ascending. */
  messageCurve: CurvePoint[];
  /** An instance with its Redis connections and no traffic, µs/s. */
  idleInstance: number;
  /** One heartbeat (socket.io ping and the client's pong), in messages. */
  heartbeat: number;
  /** One broadcast on the instance that emits it (validation, publish, its own copy back from Redis), fixed part. */
  emitFixed: number;
  /** The same instance, per recipient connected to it. */
  emitPerRecipient: number;
  /** One broadcast on every other instance (read from Redis, decode), fixed part. */
  receiveFixed: number;
  /** The same, per recipient connected to that instance. */
  receivePerRecipient: number;
  /** Redis with its instances connected and no traffic, µs/s. */
  redisIdle: number;
  /** Redis per broadcast: the PUBLISH itself, fixed part, µs. */
  redisPerBroadcast: number;
  /** Redis per broadcast and per subscribed instance (pattern match and delivery), µs. */
  redisPerSubscriber: number;
  /** RSS of an instance with no connection, bytes. */
  rssBase: number;
  /** RSS per idle connection, bytes. */
  rssPerConnection: number;
}

/**
 * µs of one message at `utilisation`: log-log interpolation between the measured points, held at the end points
 * outside them (no extrapolation: past the busiest point measured the model keeps that point's cost).
 */
export function messageCost(curve: CurvePoint[], utilisation: number): number {
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  if (utilisation <= first.utilisation) return first.us;
  if (utilisation >= last.utilisation) return last.us;
  let i = 1;
  while (curve[i]!.utilisation < utilisation) i++;
  const a = curve[i - 1]!;
  const b = curve[i]!;
  const t = Math.log(utilisation / a.utilisation) / Math.log(b.utilisation / a.utilisation);
  return Math.exp(Math.log(a.us) + t * Math.log(b.us / a.us));
}

/** A cost measured as `us` µs while the instance ran at `utilisation`, in messages. */
export const inMessages = (curve: CurvePoint[], us: number, utilisation: number) =>
  us / messageCost(curve, utilisation);

/** What one instance serves, per second. */
export interface InstanceLoad {
  /** Inbound messages/s. */
  messages: number;
  /** Connections held. */
  connections: number;
  /** Broadcasts/s this instance emits. */
  emitted: number;
  /** Broadcasts/s the other instances emit (every instance reads every broadcast of the namespace from Redis). */
  received: number;
  /** Recipients of each broadcast connected to this instance. */
  localRecipients: number;
}

/** A whole deployment's traffic: N connections, M inbound messages/s, B broadcasts/s reaching R recipients each. */
export interface Traffic {
  connections: number;
  messages: number;
  broadcasts: number;
  recipients: number;
}

/** socket.io's default ping interval: a heartbeat per connection every 25 s. */
export const PING_INTERVAL_SEC = 25;

/** An instance's work, in messages per second. */
export function instanceWork(u: UnitCosts, load: InstanceLoad): number {
  return (
    load.messages +
    (load.connections / PING_INTERVAL_SEC) * u.heartbeat +
    load.emitted * (u.emitFixed + load.localRecipients * u.emitPerRecipient) +
    load.received * (u.receiveFixed + load.localRecipients * u.receivePerRecipient)
  );
}

/**
 * CPU of one instance, µs/s (1e6 = one core busy): the utilisation x at which idle + work x messageCost(x) = x.
 * The left side falls as x grows and the right side rises, so there is one such x; found by bisection.
 */
export function instanceCpu(u: UnitCosts, load: InstanceLoad): number {
  const work = instanceWork(u, load);
  const excess = (x: number) => (u.idleInstance + work * messageCost(u.messageCurve, x)) / 1e6 - x;
  let lo = 0;
  let hi = 1;
  while (excess(hi) > 0) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (excess(mid) > 0) lo = mid;
    else hi = mid;
  }
  return hi * 1e6;
}

/** Redis CPU, µs/s, for `broadcasts`/s published to `instances` subscribed instances. */
export function redisCpu(u: UnitCosts, broadcasts: number, instances: number): number {
  return u.redisIdle + broadcasts * (u.redisPerBroadcast + instances * u.redisPerSubscriber);
}

/** Broadcasts/s at which Redis has one core busy (it runs commands on one thread). */
export function redisSaturation(u: UnitCosts, instances: number): number {
  return (1e6 - u.redisIdle) / (u.redisPerBroadcast + instances * u.redisPerSubscriber);
}

/** One instance's share of `traffic` spread evenly over `instances`. */
export function evenShare(traffic: Traffic, instances: number): InstanceLoad {
  return {
    messages: traffic.messages / instances,
    connections: traffic.connections / instances,
    emitted: traffic.broadcasts / instances,
    received: (traffic.broadcasts * (instances - 1)) / instances,
    localRecipients: traffic.recipients / instances,
  };
}

export interface Plan {
  /** Instances needed (one core each) to stay at or under the target; Infinity when no count does. */
  instances: number;
  /** CPU per instance at that count, µs/s (at the largest count tried when none fits). */
  cpuPerInstance: number;
  rssPerInstance: number;
  redisCpu: number;
  redisSaturation: number;
}

/**
 * The fewest instances that keep each one at or under `target` of a core. Every instance reads every broadcast, so
 * the fixed receive cost does not shrink as instances are added: past some broadcast rate no count is enough.
 */
export function plan(u: UnitCosts, traffic: Traffic, target: number, maxInstances = 100_000): Plan {
  let n = 1;
  let cpu = instanceCpu(u, evenShare(traffic, n));
  // CPU per instance falls with n until the per-broadcast receive cost dominates; double, then bisect
  while (cpu > target * 1e6 && n < maxInstances) {
    n = Math.min(n * 2, maxInstances);
    cpu = instanceCpu(u, evenShare(traffic, n));
  }
  if (cpu > target * 1e6) n = Infinity;
  else {
    let lo = Math.max(1, Math.floor(n / 2));
    while (lo < n) {
      const mid = Math.floor((lo + n) / 2);
      if (instanceCpu(u, evenShare(traffic, mid)) <= target * 1e6) n = mid;
      else lo = mid + 1;
    }
    cpu = instanceCpu(u, evenShare(traffic, n));
  }
  const count = Number.isFinite(n) ? n : maxInstances;
  return {
    instances: n,
    cpuPerInstance: cpu,
    rssPerInstance: u.rssBase + (traffic.connections / count) * u.rssPerConnection,
    redisCpu: redisCpu(u, traffic.broadcasts, count),
    redisSaturation: redisSaturation(u, count),
  };
}
