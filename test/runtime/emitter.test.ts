import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AckValidationError, AsynctionEmitter, EmitError } from '../../lib/index.js';
import { logMessages, violationsText } from '../../lib/messages/index.js';
import { nextEvent, noEvent, request, type TestApp } from '../support/harness.js';
import { serveRuntime } from './handlers.js';

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
    const quiet = noEvent(outside, 'notice');
    const received = nextEvent(inside, 'notice');
    emitter.emitTo('/', 'room-1', 'notice', { text: 'room only' });
    assert.deepEqual(await received, { text: 'room only' });
    assert.equal(await quiet, true);
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
    const quiet = noEvent(socket, 'notice', 300);
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
    assert.equal(await quiet, true);
  });
});
