import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
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

/** A throwaway `redis-server` on a free port (never 6379), without persistence. */
export class TestRedis {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  /** The process id of the running server (to kill it from another process). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestRedis> {
    let port = await freePort();
    while (port === 6379) port = await freePort();
    const redis = new TestRedis(port);
    await redis.restart();
    return redis;
  }

  /** Starts the server again on the same port (after `kill`). */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
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
