import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EmitError } from '../../lib/index.js';
import { eventsUntil, nextEvent, request } from '../support/harness.js';
import { redisSkipReason, TestRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { closeAll, startInstances, type Instance } from './cluster.js';

describe('redis: two instances share broadcasts, rooms and targeted emits', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;
  let a: Instance;
  let b: Instance;

  before(async () => {
    redis = await TestRedis.start();
    [a, b] = await startInstances(2, { url: redis.url });
  });
  after(async () => {
    await closeAll([a, b].filter(Boolean));
    await redis?.kill();
  });

  it('a validated emit in instance A reaches the clients of instance B (and of A)', async () => {
    const onA = await a.connect('/chat');
    const onB = await b.connect('/chat');
    const gotA = nextEvent(onA, 'notice');
    const gotB = nextEvent(onB, 'notice');
    a.emitter.emit('/chat', 'notice', { text: 'hello everyone' });
    assert.deepEqual(await gotB, { text: 'hello everyone' });
    assert.deepEqual(await gotA, { text: 'hello everyone' });
  });

  it('a room emit reaches the room members on every instance, and no one else', async () => {
    const memberA = await a.connect('/chat');
    const memberB = await b.connect('/chat');
    const outsider = await b.connect('/chat');
    assert.equal(await request(memberA, 'join', 'lobby'), 'lobby');
    assert.equal(await request(memberB, 'join', 'lobby'), 'lobby');
    const atOutsider = eventsUntil(outsider, 'message', (m: { text: string }) => m.text === 'to all');
    const gotA = nextEvent(memberA, 'message');
    const gotB = nextEvent(memberB, 'message');
    a.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby', text: 'hi room' });
    assert.deepEqual(await gotB, { room: 'lobby', text: 'hi room' });
    assert.deepEqual(await gotA, { room: 'lobby', text: 'hi room' });
    // Same sender, same order: the room message would have reached the outsider before this one.
    a.emitter.emit('/chat', 'message', { room: 'all', text: 'to all' });
    assert.deepEqual(
      await atOutsider,
      [{ room: 'all', text: 'to all' }],
      'a client outside the room received the room message',
    );
  });

  it('an emit to a socket id of instance B, sent from instance A, reaches that client only', async () => {
    const target = await b.connect('/chat');
    const other = await b.connect('/chat');
    const atOther = eventsUntil(other, 'notice', (n: { text: string }) => n.text === 'to all');
    const got = nextEvent(target, 'notice');
    a.emitter.emitTo('/chat', target.id!, 'notice', { text: 'just you' });
    assert.deepEqual(await got, { text: 'just you' });
    a.emitter.emit('/chat', 'notice', { text: 'to all' });
    assert.deepEqual(await atOther, [{ text: 'to all' }]);
  });

  it("the user's own gateway broadcasts across instances too", async () => {
    const sender = await a.connect('/plain');
    const listener = await b.connect('/plain');
    const got = nextEvent(listener, 'shouted');
    sender.emit('shout', 'from A');
    assert.equal(await got, 'from A');
  });

  it('an invalid emit throws EmitError and nothing reaches Redis', async () => {
    const watcher = await redis.watch();
    try {
      const onB = await b.connect('/chat');
      const notice = nextEvent(onB, 'notice');
      assert.throws(() => a.emitter.emit('/chat', 'notice', { text: 42 }), EmitError);
      assert.throws(() => a.emitter.emitTo('/chat', 'lobby', 'message', { room: 'lobby' }), EmitError);
      assert.throws(() => a.emitter.emit('/chat', 'undeclared', {}), EmitError);
      // A refused emit that went out anyway would arrive before this valid one: same publisher, same order.
      a.emitter.emit('/chat', 'notice', { text: 'valid' });
      assert.deepEqual(await notice, { text: 'valid' }, 'a refused emit reached the other instance');
      await waitFor('the valid emit on Redis', () => watcher.published('valid'));
      assert.deepEqual(watcher.channels, ['socket.io#/chat#'], 'a refused emit was published to Redis');
    } finally {
      await watcher.stop();
    }
  });
});

describe('redis: three instances', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;
  let instances: Instance[] = [];

  before(async () => {
    redis = await TestRedis.start();
    instances = await startInstances(3, { url: redis.url });
  });
  after(async () => {
    await closeAll(instances);
    await redis?.kill();
  });

  it('fetchSockets in one instance sees the clients of every instance', async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const asker = await a.connect('/chat');
    await b.connect('/chat');
    await b.connect('/chat');
    await c.connect('/chat');
    assert.deepEqual(await request(asker, 'count', {}), { total: 4 });
  });

  it('a room spread over three instances gets one copy per member; a broadcast from the third reaches the first two', async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const members = [await a.connect('/chat'), await b.connect('/chat')];
    for (const member of members) await request(member, 'join', 'trio');
    const texts: string[][] = [[], []];
    members.forEach((member, i) => member.on('message', ({ text }: { text: string }) => texts[i]!.push(text)));
    c.emitter.emitTo('/chat', 'trio', 'message', { room: 'trio', text: 'one' });
    c.emitter.emitTo('/chat', ['trio', 'nobody'], 'message', { room: 'trio', text: 'two' });
    // A duplicate of "one" or "two" would arrive before this last message: same publisher, same order.
    c.emitter.emitTo('/chat', 'trio', 'message', { room: 'trio', text: 'last' });
    await waitFor('the last message at both members', () => texts.every((seen) => seen.includes('last')));
    assert.deepEqual(texts, [
      ['one', 'two', 'last'],
      ['one', 'two', 'last'],
    ]);
  });
});
