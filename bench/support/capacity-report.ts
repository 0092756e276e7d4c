/** The report of bench/capacity.ts: unit costs, the model's predictions, and the check with its errors. */
import { inMessages, instanceCpu, plan, redisSaturation, type Traffic, type UnitCosts } from './capacity-model.js';
import type { CheckRep, CostRep, MemoryRep, Point } from './capacity-phases.js';
import { inMessagesRep } from './capacity-phases.js';
import { UsageError, fmt, table } from './cli.js';
import { ratioLine, spread, type Spread } from './stats.js';

const MB = 2 ** 20;
const KB = 1024;

export const show = (s: Spread, digits?: number) =>
  `${fmt(s.median, digits)} [${fmt(s.min, digits)}-${fmt(s.max, digits)}]`;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const showPct = (s: Spread) => `${pct(s.median)} [${pct(s.min)} to ${pct(s.max)}]`;
export const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);

export const DEFAULT_ROWS: Array<[string, Traffic]> = [
  ['10k connections, 1k msg/s', { connections: 10_000, messages: 1_000, broadcasts: 10, recipients: 100 }],
  ['100k connections, 10k msg/s', { connections: 100_000, messages: 10_000, broadcasts: 100, recipients: 100 }],
  ['1M connections, 100k msg/s', { connections: 1_000_000, messages: 100_000, broadcasts: 1_000, recipients: 100 }],
  ['broadcast-heavy', { connections: 100_000, messages: 1_000, broadcasts: 1_000, recipients: 1_000 }],
  ['everyone, once a second', { connections: 100_000, messages: 1_000, broadcasts: 1, recipients: 100_000 }],
  ['many small broadcasts', { connections: 100_000, messages: 1_000, broadcasts: 10_000, recipients: 10 }],
];

function planTable(u: UnitCosts, target: number, traffic: Array<[string, Traffic]>): string {
  const rows = traffic.map(([name, t]) => {
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
      fits ? `${fmt(p.redisCpu / 1e4, 1)}${p.redisCpu > 1e6 ? ' saturated' : ''}` : '-',
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

export interface Results {
  u: UnitCosts;
  target: number;
  /** The rows of the plan. */
  traffic: Array<[string, Traffic]>;
  rates: number[];
  listeners: number;
  reps: number;
  memReps: number;
  costReps: CostRep[];
  memory: MemoryRep[];
  checks: Record<'two' | 'three', CheckRep[]>;
  loads: number[];
  busy: number[];
}

/** `N,M,B,R[;N,M,B,R...]` (connections, messages/s, broadcasts/s, recipients each) as rows of the plan. */
export function parseTraffic(text: string): Array<[string, Traffic]> {
  return text.split(';').map((row) => {
    const [connections, messages, broadcasts, recipients, ...rest] = row.split(',').map(Number);
    const all = [connections, messages, broadcasts, recipients];
    if (rest.length || all.some((x) => x === undefined || !Number.isFinite(x) || x < 0))
      throw new UsageError(
        `--traffic takes connections,messages/s,broadcasts/s,recipients per row, rows separated by ";" ` +
          `(e.g. 50000,5000,20,200); got "${row}"`,
      );
    return [
      `--traffic ${row}`,
      { connections: connections!, messages: messages!, broadcasts: broadcasts!, recipients: recipients! },
    ];
  });
}

/** Prints the report; returns the check's errors (predicted ÷ measured - 1) by name. */
export function printReport(results: Results): { errors: Array<[string, Spread]> } {
  const { u, target, rates, listeners, reps, memReps, costReps, memory, checks, loads, busy } = results;
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
  console.log(planTable(u, target, results.traffic));
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
  return { errors };
}
