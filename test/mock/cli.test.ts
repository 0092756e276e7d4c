import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { runCli } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../lib/cli/asynction.js', import.meta.url));

describe('asynction mock', () => {
  // The one test that spawns the mock: Ctrl-C is a signal to a process.
  it('prints the banner, serves the chat sample, and stops cleanly on SIGINT (exit 0)', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'mock', '--port', '0', '--seed', '7', '--interval', '0.05', 'sample/chat/asyncapi.yaml'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor('the banner', () => stdout.includes('Ctrl-C stops it.'), { timeout: 20_000 });
      assert.match(stdout, /^Asynction mock server for sample\/chat\/asyncapi\.yaml$/m);
      assert.match(stdout, /seed 7 \(--seed 7 repeats this run's data\)/);
      assert.match(stdout, /receives "add user" +validates the payload; acks generated from the ack schema/);
      assert.match(stdout, /sends "server metric" +every 0\.05 s to each client, generated from the payload schema/);
      const url = /socket\.io: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
      const socket = io(`${url}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true });
      const metrics: unknown[] = [];
      socket.on('server metric', (metric: unknown) => metrics.push(metric));
      await waitFor('two metrics', () => metrics.length >= 2);
      const [metric] = metrics as Array<{ name: unknown; value: unknown }>;
      assert.equal(typeof metric!.name, 'string');
      assert.equal(typeof metric!.value, 'number');
      socket.disconnect();
      child.kill('SIGINT');
      assert.equal(await exited, 0, stderr);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses bad arguments with exit 2 and a message naming the option', async () => {
    for (const [args, message] of [
      [['mock'], /missing <document>/],
      [['mock', '--port', 'x', 'a.yaml'], /--port must be a port number/],
      [['mock', '--interval', '0', 'a.yaml'], /--interval must be a positive number/],
      [['mock', '--seed', '1.5', 'a.yaml'], /--seed must be an integer/],
      [['mock', '--perspective', 'server', 'a.yaml'], /--perspective must be "client" or "application"/],
      [['mock', '--frobnicate', 'a.yaml'], /Unknown option '--frobnicate'/],
    ] as const) {
      const out = await runCli([...args], ROOT);
      assert.equal(out.status, 2, args.join(' '));
      assert.match(out.stderr, message);
    }
  });

  it('exits 1 naming the problem when a document cannot be served', async () => {
    const out = await runCli(['mock', '--port', '0', 'test/fixtures/broken/v2-operation-id-twice.yaml'], ROOT);
    assert.equal(out.status, 1);
    assert.match(out.stderr, /^asynction mock: .*operationId/ms);
  });

  it('prints its help', async () => {
    const out = await runCli(['mock', '--help'], ROOT);
    assert.equal(out.status, 0);
    assert.match(out.stdout, /^Usage: asynction mock \[options\] <document\.\.\.>/);
    assert.match(out.stdout, /--no-auth/);
  });
});
