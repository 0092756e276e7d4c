import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Inject, Injectable, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  AckValidationError,
  AsynctionEmitter,
  AsynctionModule,
  EmitError,
  type AsynctionModuleOptions,
} from '../../lib/index.js';
import { logMessages, violationsText } from '../../lib/messages/index.js';
import { eventsUntil, fixture, nextEvent, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import { RuntimeHandlers, serveRuntime } from './handlers.js';

describe('AsynctionEmitter', () => {
  let t: TestApp;
  let emitter: AsynctionEmitter;
  before(async () => {
    t = await serveRuntime({ ackTimeout: 500 });
    emitter = t.app.get(AsynctionEmitter);
  });
  after(() => t.close());

  it('emits a declared message to every client of a namespace', async () => {
    const [a, b] = await Promise.all([t.connect(), t.connect()]);
    const received = Promise.all([nextEvent(a, 'notice'), nextEvent(b, 'notice')]);
    emitter.emit('/', 'notice', { text: 'hello all' });
    assert.deepEqual(await received, [{ text: 'hello all' }, { text: 'hello all' }]);
  });

  it('emits to a room only', async () => {
    const [inside, outside] = await Promise.all([t.connect(), t.connect()]);
    await request(inside, 'join', 'room-1');
    const atOutside = eventsUntil(outside, 'notice', (n: { text: string }) => n.text === 'to all');
    const received = nextEvent(inside, 'notice');
    emitter.emitTo('/', 'room-1', 'notice', { text: 'room only' });
    assert.deepEqual(await received, { text: 'room only' });
    emitter.emit('/', 'notice', { text: 'to all' });
    assert.deepEqual(await atOutside, [{ text: 'to all' }], 'the room emit reached a client outside the room');
  });

  it('emits to one socket, and validates the client ack of emitWithAck', async () => {
    const socket = await t.connect();
    const server = (await emitter['runtime'].server('/')!.fetchSockets()).find((s) => s.id === socket.id)!;
    socket.on('question', (_q: string, ack: (answer: unknown) => void) => ack(true));
    const received = nextEvent(socket, 'notice');
    emitter.emitToSocket(server as never, 'notice', { text: 'just you' });
    assert.deepEqual(await received, { text: 'just you' });
    assert.equal(await emitter.emitWithAck(server as never, 'question', 'ready?'), true);
    socket.off('question');
    socket.on('question', (_q: string, ack: (answer: unknown) => void) => ack('yes'));
    await assert.rejects(emitter.emitWithAck(server as never, 'question', 'ready?'), (error: unknown) => {
      assert.ok(error instanceof AckValidationError);
      assert.equal(error.message, logMessages.ackInvalid('/', 'question', error.errors));
      return true;
    });
    socket.off('question');
    await assert.rejects(emitter.emitWithAck(server as never, 'question', 'ready?'), {
      message: logMessages.ackTimeout('/', 'question', 500),
    });
  });

  it('throws, and sends nothing, for an unknown namespace, an unknown or inbound event, or an invalid payload', async () => {
    const socket = await t.connect();
    const notices = eventsUntil(socket, 'notice', (n: { text: unknown }) => n.text === 'valid');
    assert.throws(() => emitter.emit('/nope', 'notice', { text: 'x' }), EmitError);
    assert.throws(() => emitter.emit('/nope', 'notice', { text: 'x' }), {
      message: logMessages.emitUnknownNamespace('/nope', [...emitter['runtime'].outbound.keys()]),
    });
    assert.throws(() => emitter.emit('/', 'nope', {}), {
      message: logMessages.emitUnknownEvent('/', 'nope', ['notice', 'question']),
    });
    assert.throws(() => emitter.emit('/', 'echo', { text: 'x' }), EmitError, 'echo is inbound only');
    assert.throws(
      () => emitter.emit('/', 'notice', { text: 5 }),
      (error: unknown) => {
        assert.ok(error instanceof EmitError);
        assert.deepEqual(error.errors, [{ pointer: '/text', message: 'must be string' }]);
        assert.equal(error.message, logMessages.emitInvalid('/', 'notice', violationsText(error.errors)));
        return true;
      },
    );
    assert.throws(() => emitter.emit('/', 'notice'), EmitError);
    // A refused emit that went out anyway would arrive before this valid one.
    emitter.emit('/', 'notice', { text: 'valid' });
    assert.deepEqual(await notices, [{ text: 'valid' }]);
  });
});

/** A provider of a feature module that does not import AsynctionModule. */
@Injectable()
class Announcer {
  constructor(@Inject(AsynctionEmitter) readonly emitter: AsynctionEmitter) {}
}

@Module({ providers: [Announcer] })
class FeatureModule {}

function announcingApp(options: Omit<AsynctionModuleOptions, 'spec'>): Type {
  return rootModule(
    [AsynctionModule.forRoot({ spec: fixture('runtime/runtime.yaml'), ...options }), FeatureModule],
    [RuntimeHandlers],
  );
}

describe('isGlobal', () => {
  it('by default, AsynctionEmitter is injected in modules that do not import AsynctionModule', async () => {
    const t = await startApp(announcingApp({}));
    try {
      const socket = await t.connect();
      const received = nextEvent(socket, 'notice');
      t.app.get(Announcer).emitter.emit('/', 'notice', { text: 'from a feature module' });
      assert.deepEqual(await received, { text: 'from a feature module' });
    } finally {
      await t.close();
    }
  });

  it('false: only the importing module gets AsynctionEmitter; another module fails to resolve it', async () => {
    await assert.rejects(
      NestFactory.create(announcingApp({ isGlobal: false }), { logger: false, abortOnError: false }),
      (error: Error) => /Announcer/.test(error.message) && /AsynctionEmitter/.test(error.message),
    );
    const t = await startApp(
      rootModule(
        [AsynctionModule.forRoot({ spec: fixture('runtime/runtime.yaml'), isGlobal: false })],
        [RuntimeHandlers, Announcer],
      ),
    );
    try {
      const socket = await t.connect();
      const received = nextEvent(socket, 'notice');
      t.app.get(Announcer).emitter.emit('/', 'notice', { text: 'from the importing module' });
      assert.deepEqual(await received, { text: 'from the importing module' });
    } finally {
      await t.close();
    }
  });
});
