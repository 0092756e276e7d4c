/**
 * Handshake cost (issue 17): server CPU per connection (engine.io open, websocket, namespace connect) to a namespace
 * with an http-basic scheme and its verifier, against raw socket.io with an equivalent `nsp.use` middleware; and to a
 * namespace without security, against raw socket.io. Interleaved, paired ratios.
 *
 *   npx tsc -p tsconfig.json && node build/bench/handshakes.js [--connections 200] [--concurrency 20] [--reps 9]
 *   BENCH_SERVER_EXECARGV="--cpu-prof --cpu-prof-dir .bench/prof" node build/bench/handshakes.js  # profiles them
 *
 * Two server processes run side by side for the whole run: raw socket.io (namespaces /open and /secure, the latter
 * behind an `nsp.use` that checks the Authorization header) and a Nest app with nestjs-asynction serving a document
 * with the same two namespaces (`/secure` behind an http-basic scheme whose verifier compares the credentials).
 * This process is the client: one sample opens `--connections` raw websocket clients (at most `--concurrency`
 * handshakes at a time), measures the server's CPU (process.cpuUsage, user + system) from the first open until every
 * client has joined, then closes them all. Each repetition runs the four variants in a rotated order;
 * `ratio handshakes.<name>` is connections per server CPU second, nestjs-asynction's over raw socket.io's
 * (higher is better, 1 = as fast), median [min-max] over the repetitions.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Injectable, Module } from '@nestjs/common';
import { Server } from 'socket.io';
import { AsyncOperation, AsynctionModule, type BasicCredentials } from '../lib/index.js';
import { Flags, fmt } from './support/cli.js';
import { listenNest } from './support/nest-app.js';
import { ratioLine, spread, type Spread } from './support/stats.js';
import { SocketIoConnection, socketIoUrl } from './support/socket-io.connection.js';
import { sleep } from './support/procs.js';

const SELF = fileURLToPath(import.meta.url);
const USER = 'bench';
const PASSWORD = 'secret';
const AUTHORIZATION = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

const tick = { message: { name: 'tick', payload: { type: 'integer' } } };
const DOCUMENT = {
  asyncapi: '2.6.0',
  info: { title: 'Handshake benchmark', version: '1.0.0' },
  channels: {
    '/open': { subscribe: tick },
    '/secure': { 'x-security': [{ basic: [] }], subscribe: tick },
  },
  components: {
    securitySchemes: { basic: { type: 'http', scheme: 'basic', 'x-basicInfoFunc': 'auth.basic' } },
  },
};

type ToServer = { type: 'cpu' } | { type: 'stop' };
type FromServer = { type: 'ready'; port: number } | { type: 'cpu'; us: number };

// ---------------------------------------------------------------- children: the servers

@Injectable()
class BasicVerifier {
  @AsyncOperation('auth.basic')
  basic({ username, password }: BasicCredentials) {
    return username === USER && password === PASSWORD ? { id: username } : undefined;
  }
}

/** What the raw server's middleware does: read the basic credentials, compare them, keep the principal. */
function rawBasic(socket: { handshake: { headers: Record<string, unknown> }; data: Record<string, unknown> }) {
  const header = socket.handshake.headers.authorization;
  if (typeof header !== 'string' || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (username !== USER || password !== PASSWORD) return false;
  socket.data.principal = { id: username };
  return true;
}

async function startServer(kind: string): Promise<number> {
  if (kind === 'asynction') {
    @Module({ imports: [AsynctionModule.forRoot({ spec: DOCUMENT })], providers: [BasicVerifier] })
    class HandshakeModule {}
    return (await listenNest(HandshakeModule, { port: 0, host: '127.0.0.1', asyncapiPath: '' })).port;
  }
  const http = createServer();
  const io = new Server(http);
  io.of('/open');
  io.of('/secure').use((socket, next) => (rawBasic(socket) ? next() : next(new Error('refused'))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function runServer(kind: string): Promise<void> {
  const port = await startServer(kind);
  process.on('message', (message: ToServer) => {
    if (message.type === 'stop') process.exit(0);
    const cpu = process.cpuUsage();
    process.send!({ type: 'cpu', us: cpu.user + cpu.system } satisfies FromServer);
  });
  process.send!({ type: 'ready', port } satisfies FromServer);
}

// ---------------------------------------------------------------- parent: the clients and the runner

class Client extends SocketIoConnection {
  constructor(url: string, namespace: string, headers?: Record<string, string>) {
    super(url, namespace, undefined, headers);
  }
  join(): Promise<void> {
    return this.handshake(20_000);
  }
  protected receive(): void {}
  protected lost(): void {}
}

class ServerProc {
  private waiting?: (message: FromServer) => void;
  constructor(readonly child: ChildProcess) {
    child.on('message', (message: FromServer) => this.waiting?.(message));
  }
  next(): Promise<FromServer> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
  async cpuUs(): Promise<number> {
    const reply = this.next();
    this.child.send({ type: 'cpu' } satisfies ToServer);
    return ((await reply) as { us: number }).us;
  }
}

async function spawn(kind: string): Promise<{ proc: ServerProc; port: number }> {
  // BENCH_SERVER_EXECARGV: extra node flags for the servers, e.g. "--cpu-prof" to profile them.
  const execArgv = (process.env.BENCH_SERVER_EXECARGV ?? '').split(' ').filter(Boolean);
  const child = fork(SELF, ['--server', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const proc = new ServerProc(child);
  const ready = (await proc.next()) as { port: number };
  return { proc, port: ready.port };
}

interface Variant {
  name: string;
  server: 'raw' | 'asynction';
  namespace: string;
  headers?: Record<string, string>;
}
const VARIANTS: Variant[] = [
  { name: 'raw open', server: 'raw', namespace: '/open' },
  { name: 'asynction open', server: 'asynction', namespace: '/open' },
  { name: 'raw basic (nsp.use)', server: 'raw', namespace: '/secure', headers: { authorization: AUTHORIZATION } },
  { name: 'asynction basic', server: 'asynction', namespace: '/secure', headers: { authorization: AUTHORIZATION } },
];
const PAIRS: Array<[string, string, string]> = [
  ['handshakes.open', 'asynction open', 'raw open'],
  ['handshakes.basic', 'asynction basic', 'raw basic (nsp.use)'],
];

async function main(): Promise<void> {
  const flags = new Flags(process.argv.slice(2), ['connections', 'concurrency', 'reps']);
  const connections = flags.num('connections', 200);
  const concurrency = flags.num('concurrency', 20);
  const reps = flags.num('reps', 9);
  const servers = { raw: await spawn('raw'), asynction: await spawn('asynction') };

  /** Server CPU µs per connection, and the wall-clock connections per second. */
  const sample = async (variant: Variant): Promise<{ us: number; perSec: number }> => {
    const { proc, port } = servers[variant.server];
    const url = socketIoUrl(port);
    const clients: Client[] = [];
    const cpu0 = await proc.cpuUs();
    const t0 = performance.now();
    let opened = 0;
    const worker = async () => {
      while (opened++ < connections) {
        const client = new Client(url, variant.namespace, variant.headers);
        clients.push(client);
        await client.join();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const wall = performance.now() - t0;
    const cpu1 = await proc.cpuUs();
    for (const client of clients) client.terminate();
    await Promise.all(clients.map((client) => client.closed));
    await sleep(200); // the server's disconnect work, outside the next window
    return { us: (cpu1 - cpu0) / connections, perSec: (connections / wall) * 1000 };
  };

  const load0 = loadavg()[0]!;
  for (const variant of VARIANTS) await sample(variant); // warm-up
  const figures = new Map(VARIANTS.map((v) => [v.name, { us: [] as number[], perSec: [] as number[] }]));
  const ratios = new Map(PAIRS.map(([name]) => [name, [] as number[]]));
  for (let rep = 0; rep < reps; rep++) {
    const got = new Map<string, { us: number; perSec: number }>();
    for (let i = 0; i < VARIANTS.length; i++) {
      const variant = VARIANTS[(i + rep) % VARIANTS.length]!;
      got.set(variant.name, await sample(variant));
    }
    for (const [name, result] of got) {
      figures.get(name)!.us.push(result.us);
      figures.get(name)!.perSec.push(result.perSec);
    }
    // Connections per CPU second, library over raw: the inverse of the CPU ratio.
    for (const [name, lib, raw] of PAIRS) ratios.get(name)!.push(got.get(raw)!.us / got.get(lib)!.us);
  }
  const load1 = loadavg()[0]!;

  const show = (s: Spread, digits?: number) => `${fmt(s.median, digits)} [${fmt(s.min, digits)}-${fmt(s.max, digits)}]`;
  console.log(
    `Handshakes: ${connections} connections per sample, ${concurrency} at a time, ${reps} repetitions (+1 warm-up)`,
  );
  console.log(`Node ${process.version}, load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}`);
  console.log('variant               server CPU µs/connection   connections/s (wall), median [min-max]');
  for (const [name, f] of figures) {
    console.log(`  ${name.padEnd(20)} ${show(spread(f.us), 0).padEnd(26)} ${show(spread(f.perSec), 0)}`);
  }
  for (const [name, values] of ratios) console.log(ratioLine(name, values));

  for (const { proc } of Object.values(servers)) {
    proc.child.send({ type: 'stop' } satisfies ToServer);
    await new Promise((resolve) => proc.child.once('exit', resolve));
  }
}

if (process.argv[2] === '--server') void runServer(process.argv[3]!);
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
