import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  AsynctionEmitter,
  AsynctionModule,
  AsynctionSpecError,
  BrokerUnavailableError,
  EmitError,
  type AsynctionModuleOptions,
} from '../../lib/index.js';
import { startupMessages, logMessages } from '../../lib/messages/index.js';
import { eventsUntil, nextEvent, request, rootModule } from '../support/harness.js';
import { redisSkipReason, TestRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { closeAll, SCALE_OUT, startInstances, type Instance } from './cluster.js';

/** An emit-only process: a Nest application context, no HTTP server, no gateways, no handlers. */
function emitOnlyContext(options: Partial<AsynctionModuleOptions>): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, emitOnly: true, ...options })]),
    { logger: false },
  );
}

describe('redis: an emit-only process publishes to the serving instances', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;
  let serving: Instance[] = [];
  let context: INestApplicationContext | undefined;
  let emitter: AsynctionEmitter;

  before(async () => {
    redis = await TestRedis.start();
    serving = await startInstances(2, { url: redis.url });
    context = await emitOnlyContext({ redis: { url: redis.url } });
    emitter = context.get(AsynctionEmitter);
  });
  after(async () => {
    await context?.close();
    await closeAll(serving);
    await redis?.kill();
  });

  it('a validated emit reaches the clients of both instances', async () => {
    const [a, b] = serving as [Instance, Instance];
    const clients = [await a.connect('/chat'), await b.connect('/chat')];
    const got = clients.map((client) => nextEvent(client, 'notice'));
    emitter.emit('/chat', 'notice', { text: 'from the worker' });
    assert.deepEqual(await Promise.all(got), [{ text: 'from the worker' }, { text: 'from the worker' }]);
  });

  it('room and socket-id emits reach only their clients', async () => {
    const [a, b] = serving as [Instance, Instance];
    const member = await a.connect('/chat');
    const target = await b.connect('/chat');
    const bystander = await b.connect('/chat');
    await request(member, 'join', 'ops');
    const atBystander = eventsUntil(bystander, 'message', (m: { text: string }) => m.text === 'to all');
    const toRoom = nextEvent(member, 'message');
    const toTarget = nextEvent(target, 'message');
    emitter.emitTo('/chat', 'ops', 'message', { room: 'ops', text: 'deploy done' });
    emitter.emitTo('/chat', target.id!, 'message', { room: 'direct', text: 'only you' });
    assert.deepEqual(await toRoom, { room: 'ops', text: 'deploy done' });
    assert.deepEqual(await toTarget, { room: 'direct', text: 'only you' });
    // Same sender, same order: either emit would have reached the bystander before this one.
    emitter.emit('/chat', 'message', { room: 'all', text: 'to all' });
    assert.deepEqual(await atBystander, [{ room: 'all', text: 'to all' }]);
  });

  it('an invalid emit throws before anything reaches Redis', async () => {
    const watcher = await redis.watch();
    try {
      assert.throws(() => emitter.emit('/chat', 'notice', { text: 'x', extra: true }), EmitError);
      assert.throws(() => emitter.emit('/nowhere', 'notice', { text: 'x' }), EmitError);
      // A refused emit that went out anyway would reach Redis before this valid one, from the same connection.
      emitter.emit('/chat', 'notice', { text: 'valid' });
      await waitFor('the valid emit on Redis', () => watcher.published('valid'));
      assert.equal(watcher.channels.length, 1);
    } finally {
      await watcher.stop();
    }
  });

  it('with Redis away an emit throws BrokerUnavailableError (nothing was sent), and works again when Redis is back', async () => {
    await redis.kill();
    try {
      await waitFor('the emit-only process noticing the outage', () => {
        try {
          emitter.emit('/chat', 'notice', { text: 'lost?' });
          return false;
        } catch (error) {
          return error instanceof BrokerUnavailableError;
        }
      });
      assert.throws(() => emitter.emit('/chat', 'notice', { text: 'lost?' }), {
        message: logMessages.redisEmitUnavailable('/chat', redis.url),
      });
    } finally {
      await redis.restart();
    }
    const [a] = serving as [Instance];
    const client = await a.connect('/chat');
    let received = 0;
    client.on('notice', () => received++);
    await waitFor('an emit from the emit-only process after Redis came back', () => {
      try {
        emitter.emit('/chat', 'notice', { text: 'back' });
      } catch {
        // not reconnected yet
      }
      return received > 0;
    });
  });
});

describe('emit-only: startup checks', () => {
  it('emitOnly without redis: app.init() rejects with the problem', async () => {
    await assert.rejects(emitOnlyContext({}), (error: unknown) => {
      assert.ok(error instanceof AsynctionSpecError);
      assert.match(
        error.message,
        new RegExp(startupMessages.emitOnlyWithoutRedis().message.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')),
      );
      return true;
    });
  });
});
