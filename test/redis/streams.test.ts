import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { AsynctionEmitter, AsynctionModule, AsynctionSpecError } from '../../lib/index.js';
import { logMessages, startupMessages } from '../../lib/messages/index.js';
import { eventsUntil, nextEvent, request, rootModule, startApp } from '../support/harness.js';
import { redisSkipReason, TestRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { SCALE_OUT, type Instance, twoInstancesOver } from './cluster.js';

const WINDOW = 1500;

/** Drops the client's transport as a network failure would (the server keeps its session for recovery). */
async function dropTransport(socket: ClientSocket): Promise<void> {
  const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
  socket.io.engine.close();
  await gone;
}

/** Reconnects a dropped client (to the same instance) and waits for `connect`. */
async function reconnect(socket: ClientSocket): Promise<void> {
  const back = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.connect();
  await back;
}

/** Resolves when the server has stored the dropped client's session (it may see the drop after the client). */
async function sessionStored(url: string, socket: ClientSocket): Promise<void> {
  const probe = createClient({ url });
  await probe.connect();
  try {
    const key = `sio:session:${sessionOf(socket).pid}`;
    await waitFor('the session stored', async () => (await probe.exists(key)) === 1);
  } finally {
    probe.destroy();
  }
}

/** What a recovering client presents: its session id and the offset of the last message it received. */
function sessionOf(socket: ClientSocket): { pid: string; offset: string } {
  const internal = socket as unknown as { _pid: string; _lastOffset: string };
  return { pid: internal._pid, offset: internal._lastOffset };
}

describe('redis streams: connection state recovery across two instances', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;
  let a: Instance;
  let b: Instance;
  const pair = twoInstancesOver(
    () => TestRedis.start(),
    (started) => ({
      mode: 'streams',
      url: started.url,
      requestsTimeout: 1000,
      recovery: process.env.NO_RECOVERY ? false : { maxDisconnectionDuration: WINDOW },
    }),
    (started) => started.kill(),
  );
  before(() => void ({ broker: redis, a, b } = pair));

  it('broadcasts, rooms and fetchSockets reach across instances', async () => {
    const onA = await a.connect('/chat');
    const onB = await b.connect('/chat');
    await request(onA, 'join', 'lobby');
    const got = nextEvent(onA, 'message');
    b.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'hi' });
    assert.deepEqual(await got, { room: 'lobby', text: 'hi' });
    assert.equal((await request<{ total: number }>(onB, 'count', {})).total >= 2, true);
    onA.disconnect();
    onB.disconnect();
  });

  it('a client that drops and comes back within the window gets what it missed, in order, and keeps its rooms', async () => {
    const client = await a.connect('/chat');
    await request(client, 'join', 'lobby');
    // one message received before the drop gives the client an offset to resume from
    let got = nextEvent(client, 'notice');
    b.emitter.emit('/chat', 'notice', { text: 'before' });
    assert.deepEqual(await got, { text: 'before' });
    const id = client.id;

    await dropTransport(client);
    await sessionStored(redis.url, client);
    b.emitter.emit('/chat', 'notice', { text: 'missed 1' });
    b.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'missed 2' });
    a.emitter.emitTo('/chat', 'elsewhere', 'message', { room: 'elsewhere', text: 'not for it' });
    a.emitter.emit('/chat', 'notice', { text: 'missed 3' });
    const received: unknown[] = [];
    client.on('notice', (n: unknown) => received.push(n));
    client.on('message', (m: unknown) => received.push(m));
    await reconnect(client);

    assert.equal(client.recovered, true);
    assert.equal(client.id, id);
    await waitFor('the missed messages', () => received.length >= 3);
    assert.deepEqual(received, [{ text: 'missed 1' }, { room: 'lobby', text: 'missed 2' }, { text: 'missed 3' }]);
    // still in its room: a room emit from the other instance arrives
    got = nextEvent(client, 'message');
    b.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'after' });
    assert.deepEqual(await got, { room: 'lobby', text: 'after' });
    client.disconnect();
  });

  it('the session is in Redis: a client that comes back through the other instance recovers too', async () => {
    const client = await a.connect('/chat');
    await request(client, 'join', 'lobby');
    const got = nextEvent(client, 'notice');
    a.emitter.emit('/chat', 'notice', { text: 'before' });
    assert.deepEqual(await got, { text: 'before' });
    await dropTransport(client);
    await sessionStored(redis.url, client);
    a.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'missed' });

    // A load balancer sends the reconnection to instance B: the same session, presented to B.
    const moved = io(b.url('/chat'), { transports: ['websocket'], reconnection: false, autoConnect: false });
    Object.assign(moved, { _pid: sessionOf(client).pid, _lastOffset: sessionOf(client).offset });
    const missed = nextEvent(moved, 'message');
    moved.connect();
    assert.deepEqual(await missed, { room: 'lobby', text: 'missed' });
    assert.equal(moved.recovered, true);
    const inRoom = nextEvent(moved, 'message');
    a.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'after' });
    assert.deepEqual(await inRoom, { room: 'lobby', text: 'after' });
    moved.disconnect();
    client.disconnect();
  });

  it('past the window, nothing is recovered: a new session, no missed messages, no rooms', async () => {
    const client = await a.connect('/chat');
    await request(client, 'join', 'lobby');
    const got = nextEvent(client, 'notice');
    a.emitter.emit('/chat', 'notice', { text: 'before' });
    assert.deepEqual(await got, { text: 'before' });
    const { pid } = sessionOf(client);
    await dropTransport(client);
    a.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'too late' });
    // the session expires in Redis with the window
    const probe = createClient({ url: redis.url });
    await probe.connect();
    try {
      // the server stores the session when it sees the drop, which may come after the client saw it
      await waitFor('the session stored', async () => (await probe.exists(`sio:session:${pid}`)) === 1);
      await waitFor('the session expiring', async () => (await probe.exists(`sio:session:${pid}`)) === 0, {
        timeout: WINDOW + 5000,
        every: 100,
      });
    } finally {
      probe.destroy();
    }
    const late = eventsUntil(client, 'message', (m: { text: string }) => m.text === 'marker');
    await reconnect(client);
    assert.equal(client.recovered, false);
    await request(client, 'join', 'marker-room');
    a.emitter.emitTo('/chat', 'marker-room', 'message', { room: 'marker-room', text: 'marker' });
    assert.deepEqual(await late, [{ room: 'marker-room', text: 'marker' }], 'a message older than the window came');
    client.disconnect();
  });

  it('Redis away: local traffic goes on, drops are counted, nothing is recovered from the outage', async () => {
    const client = await a.connect('/chat');
    await request(client, 'join', 'lobby');
    const droppedBefore = a.broker.stats.dropped;
    await redis.kill();
    await waitFor('instance A noticing the outage', () => a.broker.status === 'down');
    const local = nextEvent(client, 'notice');
    a.emitter.emit('/chat', 'notice', { text: 'local' });
    assert.deepEqual(await local, { text: 'local' });
    assert.ok(a.broker.stats.dropped > droppedBefore, 'the broadcast Redis did not take was not counted');
    const counted = await request<{ error?: string }>(client, 'count', {});
    assert.match(counted.error ?? '', /^BrokerUnavailableError/);
    // a client dropped during the outage: its session cannot be stored, so it comes back as a new one
    await dropTransport(client);
    await redis.restart();
    await waitFor('instance A reconnecting', () => a.broker.status === 'ready', { timeout: 15_000 });
    await waitFor('instance B reconnecting', () => b.broker.status === 'ready', { timeout: 15_000 });
    await reconnect(client);
    assert.equal(client.recovered, false);
    // and cross-instance traffic flows again
    await request(client, 'join', 'lobby');
    const crossed = nextEvent(client, 'message');
    b.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'back' });
    assert.deepEqual(await crossed, { room: 'lobby', text: 'back' });
    client.disconnect();
    assert.deepEqual(pair.unhandled, []);
  });

  it('an emit-only process is refused with the streams adapter', async () => {
    await assert.rejects(
      startApp(rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, emitOnly: true, redis: { mode: 'streams' } })])),
      (error: unknown) => {
        assert.ok(error instanceof AsynctionSpecError);
        assert.ok(error.message.includes(startupMessages.emitOnlyModeUnsupported('streams').message));
        return true;
      },
    );
    assert.ok(AsynctionEmitter);
  });
});

describe('redis modes: an option of another mode is refused at startup', () => {
  const CLOSED = 'redis://127.0.0.1:1';
  for (const [redis, option, mode] of [
    // port 1: were the check gone, startup would fail to connect instead (and never reach a real Redis)
    [{ url: CLOSED, nodes: [CLOSED] }, 'nodes', 'sharded'],
    [{ url: CLOSED, mode: 'streams', nodes: [CLOSED] }, 'nodes', 'sharded'],
    [{ url: CLOSED, recovery: { maxDisconnectionDuration: 1000 } }, 'recovery', 'streams'],
    [{ url: CLOSED, mode: 'sharded', recovery: false }, 'recovery', 'streams'],
  ] as const) {
    it(`"${option}" with mode '${redis.mode ?? 'pubsub'}'`, async () => {
      await assert.rejects(
        startApp(rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis: { ...redis, connectTimeout: 500 } })])),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.equal(error.message, logMessages.redisOptionNeedsMode(option, mode, redis.mode ?? 'pubsub'));
          return true;
        },
      );
    });
  }
});

describe('redis modes: an unknown mode or recovery key is refused at startup', () => {
  it("mode 'cluster' names the modes there are", async () => {
    const redis = { url: 'redis://127.0.0.1:1', mode: 'cluster' as 'sharded', connectTimeout: 500 };
    await assert.rejects(
      startApp(rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis })])),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.message, logMessages.redisModeUnknown('cluster', ['pubsub', 'sharded', 'streams']));
        return true;
      },
    );
  });

  it('a misspelt recovery key is an unknown option', async () => {
    const recovery = { maxDisconnectDuration: 1000 } as unknown as { maxDisconnectionDuration: number };
    const redis = { url: 'redis://127.0.0.1:1', mode: 'streams' as const, recovery, connectTimeout: 500 };
    await assert.rejects(
      startApp(rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis })])),
      (error: unknown) => {
        assert.ok(error instanceof AsynctionSpecError);
        assert.ok(error.message.includes('redis.recovery.maxDisconnectDuration'), error.message);
        return true;
      },
    );
  });
});
