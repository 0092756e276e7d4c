/**
 * The capacity model of bench/capacity.ts: what a scaled-out application costs per instance and in Redis, from
 * unit costs measured on one machine. Pure arithmetic; the assumptions are on docs/scale-out.md#capacity-model.
 */

/** Measured unit costs: CPU in microseconds of CPU time (µs/s = millionths of a core), memory in bytes. */
export interface UnitCosts {
  /** An instance with its Redis connections and no traffic, µs/s. */
  idleInstance: number;
  /** One inbound message with its validated ack, served by the instance the client is connected to. */
  message: number;
  /** One heartbeat (socket.io ping and the client's pong), on the instance. */
  heartbeat: number;
  /** One broadcast on the instance that emits it (validation, local delivery setup, publish), fixed part. */
  emitFixed: number;
  /** The same instance, per recipient connected to it. */
  emitPerRecipient: number;
  /** One broadcast on every other instance (read from Redis, decode), fixed part. */
  receiveFixed: number;
  /** The same, per recipient connected to that instance. */
  receivePerRecipient: number;
  /** Redis with its instances connected and no traffic, µs/s. */
  redisIdle: number;
  /** Redis per broadcast: the PUBLISH itself, fixed part. */
  redisPerBroadcast: number;
  /** Redis per broadcast and per subscribed instance (pattern match and delivery). */
  redisPerSubscriber: number;
  /** RSS of an instance with no connection, bytes. */
  rssBase: number;
  /** RSS per idle connection, bytes. */
  rssPerConnection: number;
}

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

/** CPU of one instance, µs/s (1e6 = one core busy). */
export function instanceCpu(u: UnitCosts, load: InstanceLoad): number {
  return (
    u.idleInstance +
    load.messages * u.message +
    (load.connections / PING_INTERVAL_SEC) * u.heartbeat +
    load.emitted * (u.emitFixed + load.localRecipients * u.emitPerRecipient) +
    load.received * (u.receiveFixed + load.localRecipients * u.receivePerRecipient)
  );
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
