/**
 * Broadcast cost (issue 17): server CPU per broadcast to a namespace of N connected clients, the library's validated
 * `AsynctionEmitter.emit` / `emitTo` against raw socket.io's `nsp.emit` / `nsp.to(room).emit` of the same payload,
 * on the same namespace, the same clients and the same process, interleaved.
 *
 *   npx tsc -p tsconfig.json && node build/bench/broadcast.js [--clients 1000] [--messages 20] [--reps 9]
 *
 * This process is the server (a Nest app serving one namespace with one outbound message); a forked child holds
 * the N lean raw clients (bench/support/socket-io.connection.ts) and reports when every client has received the
 * whole batch. One sample: M broadcasts in one go, server CPU (process.cpuUsage, user + system) from the first emit
 * until the child has seen every frame, divided by M. Each repetition runs the four variants in a rotated order;
 * the ratios are paired within a repetition and reported as median [min-max].
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Namespace } from 'socket.io';
import { AsynctionEmitter, AsynctionModule } from '../lib/index.js';
import { AsynctionRuntime } from '../lib/gateway/asynction.runtime.js';
import { Flags, fmt } from './support/cli.js';
import { ratioLine, spread, type Spread } from './support/stats.js';
import { listenMany } from './support/counting-client.js';
import { NOTICE, notice, noticeMessage } from './support/notice.js';
import { socketIoUrl } from './support/socket-io.connection.js';
import { BareHttpAdapter } from './support/bare-http-adapter.js';

const SELF = fileURLToPath(import.meta.url);
const NAMESPACE = '/broadcast';
const EVENT = NOTICE;
const ROOM = 'everyone';

const DOCUMENT = {
  asyncapi: '2.6.0',
  info: { title: 'Broadcast benchmark', version: '1.0.0' },
  channels: { [NAMESPACE]: { subscribe: { message: noticeMessage } } },
};

const payload = notice;

type ToClients = { type: 'expect'; count: number } | { type: 'stop' };
type FromClients = { type: 'ready' } | { type: 'armed' } | { type: 'received' } | { type: 'problem'; what: string };

// ---------------------------------------------------------------- child: the clients

async function runClients(): Promise<void> {
  const url = process.env.BROADCAST_URL!;
  const n = Number(process.env.BROADCAST_CLIENTS);
  let expected = Infinity;
  let received = 0;
  const onFrame = () => {
    if (++received === expected) process.send!({ type: 'received' } satisfies FromClients);
  };
  const onLost = (what: string) => process.send?.({ type: 'problem', what } satisfies FromClients);
  const clients = await listenMany(n, url, NAMESPACE, onFrame, onLost);
  process.on('message', (message: ToClients) => {
    if (message.type === 'expect') {
      expected = message.count * n;
      received = 0;
      process.send!({ type: 'armed' } satisfies FromClients);
    } else {
      for (const client of clients) client.terminate();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready' } satisfies FromClients);
}

// ---------------------------------------------------------------- parent: the server and the runner

type Variant = 'raw nsp.emit' | 'asynction emit' | 'raw to(room).emit' | 'asynction emitTo';
const VARIANTS: Variant[] = ['raw nsp.emit', 'asynction emit', 'raw to(room).emit', 'asynction emitTo'];
const PAIRS: Array<[string, Variant, Variant]> = [
  ['broadcast.emit', 'asynction emit', 'raw nsp.emit'],
  ['broadcast.emitTo', 'asynction emitTo', 'raw to(room).emit'],
];

async function main(): Promise<void> {
  const flags = new Flags(process.argv.slice(2), ['clients', 'messages', 'reps']);
  const clients = flags.num('clients', 1000);
  const messages = flags.num('messages', 20);
  const reps = flags.num('reps', 9);

  @Module({ imports: [AsynctionModule.forRoot({ spec: DOCUMENT })] })
  class BroadcastModule {}
  const app = await NestFactory.create(BroadcastModule, new BareHttpAdapter(), { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const emitter = app.get(AsynctionEmitter);
  const nsp: Namespace = app.get(AsynctionRuntime).server(NAMESPACE)!;

  const child = fork(SELF, ['--clients-child'], {
    env: { ...process.env, BROADCAST_URL: socketIoUrl(port), BROADCAST_CLIENTS: String(clients) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, () => void>();
  const problems: string[] = [];
  child.on('message', (m: FromClients) => {
    if (m.type === 'problem') problems.push(m.what);
    else waiting.get(m.type)?.();
  });
  const next = (type: FromClients['type']) => new Promise<void>((resolve) => waiting.set(type, resolve));
  const t0 = performance.now();
  await next('ready');
  const connectSec = (performance.now() - t0) / 1000;
  nsp.socketsJoin(ROOM);
  if (nsp.sockets.size !== clients) throw new Error(`${nsp.sockets.size} of ${clients} clients connected`);

  const send: Record<Variant, (seq: number) => void> = {
    'raw nsp.emit': (seq) => void nsp.emit(EVENT, payload(seq)),
    'asynction emit': (seq) => emitter.emit(NAMESPACE, EVENT, payload(seq)),
    'raw to(room).emit': (seq) => void nsp.to(ROOM).emit(EVENT, payload(seq)),
    'asynction emitTo': (seq) => emitter.emitTo(NAMESPACE, ROOM, EVENT, payload(seq)),
  };
  const sample = async (variant: Variant): Promise<number> => {
    const armed = next('armed');
    child.send({ type: 'expect', count: messages } satisfies ToClients);
    await armed;
    const done = next('received');
    const cpu0 = process.cpuUsage();
    for (let seq = 0; seq < messages; seq++) send[variant](seq);
    await done;
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / messages;
  };

  const load0 = loadavg()[0]!;
  for (const variant of VARIANTS) await sample(variant); // warm-up
  const figures = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  const ratios = new Map<string, number[]>(PAIRS.map(([name]) => [name, []]));
  for (let rep = 0; rep < reps; rep++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + rep) % VARIANTS.length]!);
    const got = new Map<Variant, number>();
    for (const variant of order) got.set(variant, await sample(variant));
    for (const [variant, us] of got) figures.get(variant)!.push(us);
    for (const [name, lib, raw] of PAIRS) ratios.get(name)!.push(got.get(lib)! / got.get(raw)!);
  }
  const load1 = loadavg()[0]!;

  const show = (s: Spread, digits?: number) => `${fmt(s.median, digits)} [${fmt(s.min, digits)}-${fmt(s.max, digits)}]`;
  console.log(
    `Broadcast: ${clients} clients in one process (joined in ${connectSec.toFixed(1)} s), ${messages} broadcasts ` +
      `per sample, ${reps} repetitions (+1 warm-up)`,
  );
  console.log(`Node ${process.version}, load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}`);
  console.log('server CPU per broadcast, µs, median [min-max]:');
  for (const [variant, values] of figures) console.log(`  ${variant.padEnd(18)} ${show(spread(values), 0)}`);
  for (const [name, values] of ratios) console.log(ratioLine(name, values));
  if (problems.length) console.log(`problems: ${problems.length} (${problems.slice(0, 3).join('; ')})`);

  child.send({ type: 'stop' } satisfies ToClients);
  await new Promise((resolve) => child.once('exit', resolve));
  await app.close();
}

if (process.argv[2] === '--clients-child') void runClients();
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
