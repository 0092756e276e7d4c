import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AsynctionEmitter, AsynctionModule, AsynctionSpecError, BrokerUnavailableError } from '../../lib/index.js';
import { logMessages, startupMessages } from '../../lib/messages/index.js';
import { nextEvent, noEvent, request, rootModule, startApp } from '../support/harness.js';
import { redisClusterSkipReason, TestRedisCluster } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { SCALE_OUT, type Instance, twoInstancesOver } from './cluster.js';

describe('redis sharded: two instances over a three-master Redis Cluster', { skip: redisClusterSkipReason() }, () => {
  let cluster: TestRedisCluster;
  let a: Instance;
  let b: Instance;
  const pair = twoInstancesOver(
    () => TestRedisCluster.start(),
    (started) => ({ mode: 'sharded', url: started.urls[1], nodes: started.urls, requestsTimeout: 1000 }),
    (started) => started.stop(),
  );
  before(() => void ({ broker: cluster, a, b } = pair));

  it('broadcasts, room emits, the hand-written gateway and fetchSockets reach across instances', async () => {
    const onA = await a.connect('/chat');
    const onB = await b.connect('/chat');
    const outsider = await b.connect('/chat');
    let got = nextEvent(onB, 'notice');
    a.emitter.emit('/chat', 'notice', { text: 'hello' });
    assert.deepEqual(await got, { text: 'hello' });

    await request(onA, 'join', 'lobby');
    await request(onB, 'join', 'lobby');
    const notInRoom = noEvent(outsider, 'message', 500);
    got = nextEvent(onB, 'message');
    a.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'room' });
    assert.deepEqual(await got, { room: 'lobby', text: 'room' });
    assert.equal(await notInRoom, true, 'a client outside the room received the room message');

    got = nextEvent(onA, 'notice');
    b.emitter.emitTo('/chat', onA.id!, 'notice', { text: 'just you' });
    assert.deepEqual(await got, { text: 'just you' });

    const plainA = await a.connect('/plain');
    const plainB = await b.connect('/plain');
    got = nextEvent(plainB, 'shouted');
    plainA.emit('shout', 'hey');
    assert.equal(await got, 'hey');

    assert.deepEqual(await request(onA, 'count', {}), { total: 3 });
    for (const socket of [onA, onB, outsider, plainA, plainB]) socket.disconnect();
  });

  it('a master killed mid-traffic: local traffic goes on, drops are counted, service resumes after restart', async () => {
    const onA = await a.connect('/chat');
    const onB = await b.connect('/chat');
    await request(onA, 'join', 'lobby');
    await request(onB, 'join', 'lobby');
    const total = await request(onA, 'count', {});
    const seen = { onA: 0, onB: 0 };
    onA.on('notice', (n: { text: string }) => n.text === 'from B' && seen.onA++);
    onB.on('notice', (n: { text: string }) => n.text === 'from A' && seen.onB++);
    const errors: unknown[] = [];
    const traffic = setInterval(() => {
      try {
        a.emitter.emit('/chat', 'notice', { text: 'from A' });
        b.emitter.emit('/chat', 'notice', { text: 'from B' });
      } catch (error) {
        errors.push(error);
      }
    }, 10);
    try {
      await waitFor('traffic crossing before the outage', () => seen.onA > 0 && seen.onB > 0);
      // The master of the namespace's channel carries every broadcast of /chat: losing it cuts them all.
      const master = await cluster.masterOf('socket.io#/chat#');
      const droppedBefore = a.broker.stats.dropped;
      await master.kill();
      await waitFor('instance A noticing the outage', () => a.broker.status === 'down');
      await waitFor('instance B noticing the outage', () => b.broker.status === 'down');
      await waitFor('drops counted', () => a.broker.stats.dropped > droppedBefore && b.broker.stats.dropped > 0);
      const atOutage = { ...seen };

      // Each instance still serves its own clients.
      assert.equal(await request(onA, 'join', 'during'), 'during');
      const local = nextEvent(onB, 'message');
      b.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'B alone' });
      assert.deepEqual(await local, { room: 'lobby', text: 'B alone' });
      // fetchSockets settles at once with a clear error instead of hanging.
      const counted = await request<{ error?: string }>(onA, 'count', {});
      assert.equal(counted.error?.split(':')[0], BrokerUnavailableError.name);
      assert.ok(counted.error?.includes(logMessages.redisUnavailable(logMessages.redisAskOthers, a.broker.url)));
      assert.equal(seen.onB, atOutage.onB, 'a broadcast crossed through a dead master');

      await master.restart();
      await waitFor('instance A reconnecting', () => a.broker.status === 'ready', { timeout: 15_000 });
      await waitFor('instance B reconnecting', () => b.broker.status === 'ready', { timeout: 15_000 });
      await waitFor('traffic crossing again', () => seen.onA > atOutage.onA && seen.onB > atOutage.onB, {
        timeout: 15_000,
      });
      const crossed = nextEvent(onA, 'message');
      b.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'rooms survive' });
      assert.deepEqual(await crossed, { room: 'lobby', text: 'rooms survive' });
      assert.deepEqual(await request(onA, 'count', {}), total);
    } finally {
      clearInterval(traffic);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(pair.unhandled, [], 'an unhandled rejection escaped during the outage');
  });

  it('an emit-only process is refused with sharded pub/sub, naming why and what to do', async () => {
    await assert.rejects(
      startApp(
        rootModule([
          AsynctionModule.forRoot({
            spec: SCALE_OUT,
            emitOnly: true,
            redis: { mode: 'sharded', url: cluster.urls[0], nodes: cluster.urls },
          }),
        ]),
      ),
      (error: unknown) => {
        assert.ok(error instanceof AsynctionSpecError);
        assert.ok(error.message.includes(startupMessages.emitOnlyModeUnsupported('sharded').message));
        return true;
      },
    );
    assert.ok(AsynctionEmitter);
  });
});
