import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { redisClusterSkipReason, redisSkipReason, TestRedis, TestRedisCluster } from '../support/redis.js';

const build = (path: string) => new URL(`../../${path}`, import.meta.url).href;
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A child process that starts an app on Redis, serves a client, optionally loses Redis, closes the app and then
 * does nothing more: it exits by itself only if no Redis connection, timer or socket is left behind.
 */
function childScript(kind: 'serve' | 'emit-only'): string {
  return `
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { io } from 'socket.io-client';
import { AsynctionEmitter, AsynctionModule } from '${build('lib/index.js')}';
import { ChatHandlers, SCALE_OUT } from '${build('test/redis/cluster.js')}';
import { rootModule } from '${build('test/support/harness.js')}';
const [url, killRedis] = [process.env.REDIS_URL, process.env.KILL_REDIS_PID];
const more = JSON.parse(process.env.REDIS_OPTIONS ?? '{}');
if ('${kind}' === 'serve') {
  const app = await NestFactory.create(rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis: { url, ...more } })], [ChatHandlers]), { logger: false });
  await app.listen(0, '127.0.0.1');
  const client = io('http://127.0.0.1:' + app.getHttpServer().address().port + '/chat', { transports: ['websocket'], reconnection: false });
  await new Promise((resolve) => client.once('connect', resolve));
  await client.timeout(2000).emitWithAck('join', 'room');
  if (killRedis) {
    process.kill(Number(killRedis), 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    app.get(AsynctionEmitter).emit('/chat', 'notice', { text: 'dropped' });
  }
  await app.close();
} else {
  const context = await NestFactory.createApplicationContext(rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis: { url }, emitOnly: true })]), { logger: false });
  context.get(AsynctionEmitter).emit('/chat', 'notice', { text: 'hi' });
  await context.close();
}
console.log('closed at ' + Date.now());
`;
}

function runChild(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child process did not exit within 15 s (stdout: ${stdout}; stderr: ${stderr})`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, exitedAt: Date.now() });
    });
  });
}

function closedAt(stdout: string): number {
  const match = /closed at (\d+)/.exec(stdout);
  assert.ok(match, `the child never closed its app: ${stdout}`);
  return Number(match[1]);
}

describe('redis: app.close() releases the Redis connections', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;

  before(async () => {
    redis = await TestRedis.start();
  });
  after(async () => {
    await redis?.kill();
  });

  it('a serving app exits by itself right after close', async () => {
    const run = await runChild(childScript('serve'), { REDIS_URL: redis.url });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.exitedAt - closedAt(run.stdout) < 3000,
      `exited ${run.exitedAt - closedAt(run.stdout)} ms after close`,
    );
  });

  it('an emit-only process exits by itself right after close', async () => {
    const run = await runChild(childScript('emit-only'), { REDIS_URL: redis.url });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.exitedAt - closedAt(run.stdout) < 3000,
      `exited ${run.exitedAt - closedAt(run.stdout)} ms after close`,
    );
  });

  it('an app closed while Redis is down exits by itself too (no reconnect loop left running)', async () => {
    const doomed = await TestRedis.start();
    try {
      const run = await runChild(childScript('serve'), { REDIS_URL: doomed.url, KILL_REDIS_PID: String(doomed.pid) });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(
        run.exitedAt - closedAt(run.stdout) < 3000,
        `exited ${run.exitedAt - closedAt(run.stdout)} ms after close`,
      );
    } finally {
      await doomed.kill();
    }
  });
});

describe('redis: app.close() releases the connections of every mode', () => {
  it(
    'streams: a serving app exits by itself right after close, with Redis up or down',
    { skip: redisSkipReason() },
    async () => {
      const redis = await TestRedis.start();
      try {
        const options = JSON.stringify({ mode: 'streams' });
        for (const env of [{}, { KILL_REDIS_PID: String(redis.pid) }] as Record<string, string>[]) {
          const run = await runChild(childScript('serve'), { REDIS_URL: redis.url, REDIS_OPTIONS: options, ...env });
          assert.equal(run.code, 0, run.stderr);
          const late = run.exitedAt - closedAt(run.stdout);
          assert.ok(late < 3000, `exited ${late} ms after close`);
        }
      } finally {
        await redis.kill();
      }
    },
  );

  it(
    'sharded: a serving app exits by itself right after close, with the cluster whole or a master down',
    {
      skip: redisClusterSkipReason(),
    },
    async () => {
      const cluster = await TestRedisCluster.start();
      try {
        const options = JSON.stringify({ mode: 'sharded', nodes: cluster.urls });
        const master = await cluster.masterOf('socket.io#/chat#');
        for (const env of [{}, { KILL_REDIS_PID: String(master.pid) }] as Record<string, string>[]) {
          const run = await runChild(childScript('serve'), {
            REDIS_URL: cluster.urls[0]!,
            REDIS_OPTIONS: options,
            ...env,
          });
          assert.equal(run.code, 0, run.stderr);
          const late = run.exitedAt - closedAt(run.stdout);
          assert.ok(late < 3000, `exited ${late} ms after close`);
        }
        for (const node of cluster.nodes.filter((node) => node !== master))
          assert.equal(await cluster.clientsOn(node), 0, `a connection to port ${node.port} was left open`);
      } finally {
        await cluster.stop();
      }
    },
  );
});
