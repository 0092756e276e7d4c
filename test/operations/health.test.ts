import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsynctionHealth, AsynctionModule } from '../../lib/index.js';
import { fixture, rootModule, startApp } from '../support/harness.js';
import { redisSkipReason, TestRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { SlowHandlers } from './slow-handlers.js';

const SPEC = fixture('operations/slow-handlers.yaml');

describe('AsynctionHealth: readiness for a health endpoint or @nestjs/terminus', () => {
  it('is up once the gateways listen, and down (namespaces closing) as soon as app.close() begins', async () => {
    const t = await startApp(rootModule([AsynctionModule.forRoot(SPEC)], [SlowHandlers]));
    const health = t.app.get(AsynctionHealth);
    assert.deepEqual(health.check(), { asynction: { status: 'up', documents: 1, namespaces: { '/': 'listening' } } });
    assert.deepEqual(Object.keys(health.check('socket')), ['socket']);
    assert.equal(health.isReady(), true);

    const handlers = t.app.get(SlowHandlers);
    const socket = await t.connect('/');
    const ack = socket.timeout(10_000).emitWithAck('slow', 'held');
    await waitFor('the handler running', () => handlers.pending.size === 1);
    const closed = t.app.close();
    await waitFor('the shutdown to begin', () => health.check().asynction.namespaces['/'] === 'closing');
    assert.equal(health.check().asynction.status, 'down');
    handlers.pending.get('held')!.resolve('done');
    assert.equal(await ack, 'done');
    await closed;
  });

  it(
    "reports the Redis broker's state: up while Redis serves, down while it is away",
    { skip: redisSkipReason() },
    async () => {
      const redis = await TestRedis.start();
      const module = AsynctionModule.forRoot({ spec: SPEC, redis: { url: redis.url } });
      const t = await startApp(rootModule([module], [SlowHandlers]));
      try {
        const health = t.app.get(AsynctionHealth);
        assert.deepEqual(health.check().asynction, {
          status: 'up',
          documents: 1,
          namespaces: { '/': 'listening' },
          redis: 'ready',
        });
        await redis.kill();
        await waitFor('the broker to notice', () => health.check().asynction.redis === 'down');
        assert.equal(health.check().asynction.status, 'down');
      } finally {
        await t.close();
        await redis.kill();
      }
    },
  );
});
