import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { freePort } from './harness.js';
import { waitFor } from './wait.js';

/**
 * Why the Redis tests cannot run here, or `false` when they can: `redis-server` must be on PATH. Under `CI=true` a
 * missing `redis-server` throws instead, so CI never passes by skipping them. Use as node:test's `skip` option.
 */
export function redisSkipReason(): string | false {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (found) return false;
  if (process.env.CI === 'true')
    throw new Error(
      'redis-server is not on PATH, and CI=true requires the Redis tests to run: install Redis (apt-get install redis-server)',
    );
  const reason =
    'SKIPPED: redis-server is not on PATH, so the Redis scale-out tests did not run (install Redis to run them)';
  console.log(reason);
  return reason;
}

/**
 * Like `redisSkipReason`, for the Redis Cluster tests: `redis-server` 7 or later (sharded pub/sub) and `redis-cli`
 * (`--cluster create`) must be on PATH.
 */
export function redisClusterSkipReason(): string | false {
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  const cli = spawnSync('redis-cli', ['--version'], { stdio: 'ignore' }).status === 0;
  const major = Number(/v=(\d+)/.exec(version.stdout ?? '')?.[1] ?? 0);
  if (version.status === 0 && cli && major >= 7) return false;
  const missing =
    version.status !== 0 || !cli ? 'redis-server or redis-cli is not on PATH' : `redis-server is v${major}`;
  if (process.env.CI === 'true')
    throw new Error(
      `${missing}, and CI=true requires the Redis Cluster tests to run: install Redis 7 or later (redis-server and ` +
        'redis-cli)',
    );
  const reason = `SKIPPED: ${missing}, so the Redis Cluster tests did not run (they need Redis 7 or later)`;
  console.log(reason);
  return reason;
}

/** A throwaway `redis-server` on a free port (never 6379), without persistence. */
export class TestRedis {
  private process?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly extraArgs: readonly string[] = [],
  ) {}

  /** The process id of the running server (to kill it from another process). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(extraArgs: readonly string[] = [], port?: number): Promise<TestRedis> {
    port ??= await freePort();
    while (port === 6379) port = await freePort();
    const redis = new TestRedis(port, extraArgs);
    await redis.restart();
    return redis;
  }

  /** Starts the server again on the same port (after `kill`). */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.extraArgs],
      { stdio: 'ignore' },
    );
    this.process = child;
    // A test process that ends without its `after` hooks must not leave the server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    await waitFor(`redis-server accepting connections on port ${this.port}`, () => accepts(this.port), {
      timeout: 5000,
    });
  }

  /** Kills the server at once (SIGKILL), as a crash would, and waits until its port is closed. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Records every message published on this Redis (PSUBSCRIBE *), as the proof of what left a process.
   * `published(text)` tells whether a message containing `text` was seen: Redis hands one publisher's messages
   * over in order, so once a later marker is seen every earlier publish has been recorded too.
   * `stop` unsubscribes and returns the channels seen.
   */
  async watch(): Promise<{ channels: string[]; published(text: string): boolean; stop(): Promise<string[]> }> {
    const client = createClient({ url: this.url });
    client.on('error', () => undefined);
    await client.connect();
    const channels: string[] = [];
    const messages: Buffer[] = [];
    await client.pSubscribe(
      '*',
      (message, channel) => {
        channels.push(String(channel));
        messages.push(Buffer.from(message));
      },
      true,
    );
    return {
      channels,
      published: (text) => messages.some((message) => message.includes(text)),
      stop: async () => {
        await client.close();
        return channels;
      },
    };
  }
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const run = promisify(execFile);

/**
 * A throwaway Redis Cluster of three masters without replicas, on free ports (never 6379, each with its bus port
 * free too), its node files in a temporary directory. A master that is killed and restarted rejoins with its slots.
 */
export class TestRedisCluster {
  private constructor(
    readonly nodes: TestRedis[],
    private readonly dir: string,
  ) {}

  /** The URLs of the masters. */
  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  static async start(masters = 3): Promise<TestRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'asynction-cluster-'));
    const nodes: TestRedis[] = [];
    const cluster = new TestRedisCluster(nodes, dir);
    try {
      for (let i = 0; i < masters; i++) {
        const port = await clusterPort();
        // full coverage off: the shards left keep serving while one master is away, as the outage test needs
        const args = ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)];
        args.push('--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no', '--dir', dir);
        nodes.push(await TestRedis.start(args, port));
      }
      const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
      await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
      await cluster.waitUntilOk();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Resolves when every running node reports `cluster_state:ok` and knows every master. */
  async waitUntilOk(timeout = 10_000): Promise<void> {
    await waitFor(
      'the Redis Cluster reporting cluster_state:ok on every node',
      async () => {
        for (const node of this.nodes) {
          const info = await this.command(node, 'CLUSTER', 'INFO').catch(() => '');
          if (!info.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${this.nodes.length}`))
            return false;
        }
        return true;
      },
      { timeout, every: 50 },
    );
  }

  /** The master that serves `channel` (sharded pub/sub routes a channel like a key). */
  async masterOf(channel: string): Promise<TestRedis> {
    const slot = Number(await this.command(this.nodes[0]!, 'CLUSTER', 'KEYSLOT', channel));
    const shards = await this.command(this.nodes[0]!, 'CLUSTER', 'SLOTS');
    // redis-cli prints CLUSTER SLOTS flat: from, to, master ip, master port, master id, ... per range
    const lines = shards.split('\n').map((line) => line.trim());
    for (let i = 0; i + 3 < lines.length; i++) {
      const [from, to, , port] = lines.slice(i, i + 4).map(Number);
      if (Number.isInteger(from) && from! <= slot && slot <= to! && this.nodes.some((n) => n.port === port))
        return this.nodes.find((n) => n.port === port)!;
    }
    throw new Error(`no master serves slot ${slot} of ${channel}: ${shards}`);
  }

  /** The number of client connections a node has, besides the one asking. */
  async clientsOn(node: TestRedis): Promise<number> {
    const info = await this.command(node, 'INFO', 'clients');
    return Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? NaN) - 1;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async command(node: TestRedis, ...args: string[]): Promise<string> {
    const { stdout } = await run('redis-cli', ['-p', String(node.port), ...args]);
    return stdout;
  }
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (port === 6379 || port + 10000 === 6379) continue;
    if ((await canBind(port)) && (await canBind(port + 10000))) return port;
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
