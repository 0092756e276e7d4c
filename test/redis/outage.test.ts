import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  AsynctionModule,
  AsynctionRedisBroker,
  BrokerUnavailableError,
  type AsynctionRedisDrop,
} from '../../lib/index.js';
import { logMessages } from '../../lib/messages/index.js';
import { freePort, nextEvent, noEvent, request, rootModule, startApp } from '../support/harness.js';
import { redisSkipReason, TestRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { ChatHandlers, closeAll, SCALE_OUT, startInstances, type Instance, twoInstancesOver } from './cluster.js';

describe('redis: Redis stops while the instances serve clients', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;
  let a: Instance;
  let b: Instance;
  const pair = twoInstancesOver(
    () => TestRedis.start(),
    (started) => ({ url: started.url, requestsTimeout: 1000 }),
    (started) => started.kill(),
  );
  before(() => void ({ broker: redis, a, b } = pair));

  it('each instance keeps serving its own clients, cross-instance emits are reported, and both rejoin when Redis returns', async () => {
    const onA = await a.connect('/chat');
    const onB = await b.connect('/chat');
    await request(onA, 'join', 'lobby');
    await request(onB, 'join', 'lobby');
    // Traffic flows across instances before the outage.
    let crossed = nextEvent(onB, 'notice');
    a.emitter.emit('/chat', 'notice', { text: 'before' });
    assert.deepEqual(await crossed, { text: 'before' });

    // Background traffic through the whole outage: each instance emits to room "traffic" every 10 ms, whose members
    // (one client per instance) count what they receive from the other instance. Nothing may throw.
    const trafficOnA = await a.connect('/chat');
    const trafficOnB = await b.connect('/chat');
    await request(trafficOnA, 'join', 'traffic');
    await request(trafficOnB, 'join', 'traffic');
    const fromOther = { onA: 0, onB: 0 };
    trafficOnA.on('message', (m: { text: string }) => m.text === 'from B' && fromOther.onA++);
    trafficOnB.on('message', (m: { text: string }) => m.text === 'from A' && fromOther.onB++);
    const trafficErrors: unknown[] = [];
    const traffic = setInterval(() => {
      try {
        a.emitter.emitTo('/chat', 'traffic', 'message', { room: 'traffic', text: 'from A' });
        b.emitter.emitTo('/chat', 'traffic', 'message', { room: 'traffic', text: 'from B' });
      } catch (error) {
        trafficErrors.push(error);
      }
    }, 10);

    try {
      await waitFor('traffic crossing before the outage', () => fromOther.onA > 0 && fromOther.onB > 0);
      const downs: unknown[] = [];
      const drops: AsynctionRedisDrop[] = [];
      const ups: number[] = [];
      a.broker.on('down', (error) => downs.push(error));
      a.broker.on('dropped', (drop) => drops.push(drop));
      a.broker.on('up', () => ups.push(Date.now()));
      const droppedBefore = a.broker.stats.dropped;

      await redis.kill();
      await waitFor('instance A noticing the outage', () => a.broker.status === 'down');
      await waitFor('instance B noticing the outage', () => b.broker.status === 'down');
      assert.equal(downs.length, 1);
      assert.equal(a.broker.stats.outages, 1);
      const droppedAtOutage = a.broker.stats.dropped;
      const crossedAtOutage = { ...fromOther };

      // A's own clients are still served: a handler answers, a broadcast and a room emit arrive.
      assert.equal(await request(onA, 'join', 'during'), 'during');
      const localNotice = nextEvent(onA, 'notice');
      const remoteNotice = noEvent(onB, 'notice', 500);
      a.emitter.emit('/chat', 'notice', { text: 'during' });
      assert.deepEqual(await localNotice, { text: 'during' });
      const localRoom = nextEvent(onA, 'message');
      a.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'during' });
      assert.deepEqual(await localRoom, { room: 'lobby', text: 'during' });
      assert.equal(await remoteNotice, true, 'B received a broadcast while Redis was away');
      assert.deepEqual(fromOther, crossedAtOutage, 'traffic crossed instances while Redis was away');

      // The emits meant for B are reported: counter and event, one per message.
      assert.ok(a.broker.stats.dropped > droppedAtOutage);
      assert.equal(drops.length, a.broker.stats.dropped - droppedBefore);
      const channels = new Set(drops.map((d) => `${d.kind} ${d.channel}`));
      for (const channel of [
        'broadcast socket.io#/chat#',
        'broadcast socket.io#/chat#lobby#',
        'broadcast socket.io#/chat#traffic#',
      ]) {
        assert.ok(channels.has(channel), `no drop reported for ${channel}`);
      }

      // fetchSockets settles at once with a clear error instead of hanging past its timeout.
      const started = Date.now();
      const counted = await request<{ error?: string }>(onA, 'count', {});
      assert.ok(Date.now() - started < 1000, `fetchSockets took ${Date.now() - started} ms`);
      assert.equal(counted.error?.split(':')[0], BrokerUnavailableError.name);
      assert.ok(
        counted.error?.includes(
          logMessages.redisUnavailable(
            'ask the other instances (fetchSockets, allRooms, serverSideEmitWithAck)',
            redis.url,
          ),
        ),
      );

      // B, cut off too, still serves its own clients.
      const ownNotice = nextEvent(onB, 'notice');
      b.emitter.emit('/chat', 'notice', { text: 'B alone' });
      assert.deepEqual(await ownNotice, { text: 'B alone' });

      // Redis returns: both instances rejoin without a restart, and the traffic crosses again.
      await redis.restart();
      await waitFor('instance A reconnecting', () => a.broker.status === 'ready');
      await waitFor('instance B reconnecting', () => b.broker.status === 'ready');
      assert.equal(ups.length, 1);
      await waitFor(
        'traffic crossing again',
        () => fromOther.onA > crossedAtOutage.onA && fromOther.onB > crossedAtOutage.onB,
      );
      crossed = nextEvent(onA, 'message');
      b.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'rooms survive' });
      assert.deepEqual(await crossed, { room: 'lobby', text: 'rooms survive' });
      assert.deepEqual(await request(onA, 'count', {}), { total: 4 });
    } finally {
      clearInterval(traffic);
    }
    assert.deepEqual(trafficErrors, []);
    assert.deepEqual(pair.unhandled, [], 'an unhandled rejection escaped during the outage');
  });
});

describe('redis: startup', { skip: redisSkipReason() }, () => {
  let unhandled: unknown[] = [];
  const recordUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', recordUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', recordUnhandled);
  });

  it('with Redis unreachable, app.init() rejects with a clear error after connectTimeout (no hang)', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const started = Date.now();
    await assert.rejects(
      startApp(
        rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis: { url, connectTimeout: 500 } })], [ChatHandlers]),
      ),
      (error: unknown) => {
        assert.ok(error instanceof BrokerUnavailableError);
        assert.equal(error.message, logMessages.redisStartFailed(url, `connect ECONNREFUSED 127.0.0.1:${port}`, 500));
        return true;
      },
    );
    assert.ok(Date.now() - started < 3000, `startup took ${Date.now() - started} ms to fail`);
    assert.deepEqual(unhandled, []);
  });

  it('the password of the URL never appears in messages', async () => {
    const port = await freePort();
    await assert.rejects(
      startApp(
        rootModule(
          [
            AsynctionModule.forRoot({
              spec: SCALE_OUT,
              redis: { url: `redis://user:s3cret@127.0.0.1:${port}`, connectTimeout: 300 },
            }),
          ],
          [ChatHandlers],
        ),
      ),
      (error: unknown) => {
        assert.ok(error instanceof BrokerUnavailableError);
        assert.ok(!error.message.includes('s3cret'));
        assert.ok(error.message.includes(`redis://user:***@127.0.0.1:${port}`));
        return true;
      },
    );
  });

  it('a broker that connected reports ready', async () => {
    const redis = await TestRedis.start();
    const [instance] = await startInstances(1, { url: redis.url });
    try {
      assert.deepEqual(instance!.app.get(AsynctionRedisBroker).stats, { status: 'ready', dropped: 0, outages: 0 });
    } finally {
      await closeAll([instance!]);
      await redis.kill();
    }
  });
});
