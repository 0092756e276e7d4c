import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PayloadValidationError } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { nextEvent, request, type TestApp } from '../support/harness.js';
import { RuntimeHandlers, serveRuntime } from './handlers.js';

describe('message path: validation, handlers, acks', () => {
  let t: TestApp;
  let handlers: RuntimeHandlers;
  before(async () => {
    t = await serveRuntime();
    handlers = t.app.get(RuntimeHandlers);
  });
  after(() => t.close());

  it('calls the handler with the validated payload and sends its return value as the ack', async () => {
    const socket = await t.connect();
    assert.deepEqual(await request(socket, 'echo', { text: 'hi' }), { text: 'hi' });
  });

  it('rejects an invalid payload before the handler: exception event and the same body as ack', async () => {
    const socket = await t.connect();
    const before = handlers.calls.length;
    const exception = nextEvent(socket, 'exception');
    const ack = await request(socket, 'echo', { text: 42 });
    assert.deepEqual(await exception, ack);
    const errors = [{ pointer: '/text', message: 'must be string' }];
    assert.deepEqual(ack, {
      status: 'error',
      namespace: '/',
      event: 'echo',
      message: clientMessages.payloadInvalid('/', 'echo', errors),
      errors,
    });
    assert.equal(handlers.calls.length, before, 'the handler never saw the invalid payload');
  });

  it('reports extra fields and over-long strings with their pointers', async () => {
    const socket = await t.connect();
    const extra = await request<{ errors: Array<{ pointer: string; message: string }> }>(socket, 'echo', {
      text: 'a',
      admin: true,
    });
    assert.deepEqual(extra.errors, [{ pointer: '', message: 'must NOT have additional property "admin"' }]);
    const long = await request<{ errors: Array<{ pointer: string }> }>(socket, 'echo', { text: 'x'.repeat(21) });
    assert.equal(long.errors[0].pointer, '/text');
  });

  it('treats zero arguments, and two where one is declared, as validation errors', async () => {
    const socket = await t.connect();
    const zero = await request<{ errors: Array<{ message: string }> }>(socket, 'echo');
    assert.equal(zero.errors[0].message, clientMessages.argumentsCount(1, 0));
    const two = await request<{ errors: Array<{ message: string }> }>(socket, 'echo', { text: 'a' }, { text: 'b' });
    assert.equal(two.errors[0].message, clientMessages.argumentsCount(1, 2));
  });

  it('validates several arguments against a tuple schema and passes them as an array', async () => {
    const socket = await t.connect();
    assert.equal(await request(socket, 'sum', 2, 3), 5);
    const wrong = await request<{ status: string; errors: Array<{ pointer: string }> }>(socket, 'sum', 2, 'three');
    assert.equal(wrong.status, 'error');
    assert.equal(wrong.errors[0].pointer, '/1');
    const missing = await request<{ status: string }>(socket, 'sum', 2);
    assert.equal(missing.status, 'error');
  });

  it('validates the handler ack: an invalid one is never sent, the client gets an internal error', async () => {
    const socket = await t.connect();
    const ack = await request(socket, 'bad ack', 'x');
    assert.deepEqual(ack, {
      status: 'error',
      namespace: '/',
      event: 'bad ack',
      message: clientMessages.internalError,
    });
  });

  it('accepts a message without payload schema with any payload', async () => {
    const socket = await t.connect();
    assert.equal(await request(socket, 'ping'), 'pong');
    assert.equal(await request(socket, 'ping', { any: ['thing'] }), 'pong');
  });

  it('accepts unknown string formats such as Faker names ("sentence") without failing startup', async () => {
    const socket = await t.connect();
    assert.equal(await request(socket, 'note', 'Any sentence at all.'), true);
  });

  for (const mode of ['sync', 'async', 'observable'] as const) {
    it(`turns a ${mode} handler failure into the exception event, hides its details, and keeps the connection`, async () => {
      const socket = await t.connect();
      const bystander = await t.connect();
      const atBystander: unknown[] = [];
      bystander.on('exception', (exception: unknown) => atBystander.push(exception));
      const exception = nextEvent(socket, 'exception');
      const ack = await request(socket, 'fail', mode);
      assert.deepEqual(ack, { status: 'error', namespace: '/', event: 'fail', message: clientMessages.internalError });
      assert.deepEqual(await exception, ack);
      assert.equal(JSON.stringify(ack).includes('secret'), false);
      assert.deepEqual(await request(socket, 'echo', { text: 'still here' }), { text: 'still here' });
      // An exception sent to the bystander during the failure would arrive before this round trip's ack.
      assert.deepEqual(await request(bystander, 'echo', { text: 'me too' }), { text: 'me too' });
      assert.deepEqual(atBystander, [], 'other clients never notice');
    });
  }

  it('passes a WsException message to the client', async () => {
    const socket = await t.connect();
    const ack = await request<{ message: string }>(socket, 'fail', 'ws');
    assert.equal(ack.message, 'you may read this');
  });

  it('emits the exception event without an ack when the client asked for none', async () => {
    const socket = await t.connect();
    const exception = nextEvent<{ event: string }>(socket, 'exception');
    socket.emit('echo', { text: 1 });
    assert.equal((await exception).event, 'echo');
  });

  it('answers an event the document does not declare with the exception event, and its ack', async () => {
    const socket = await t.connect();
    const ack = await request(socket, 'not in the document', 1);
    assert.deepEqual(ack, {
      status: 'error',
      namespace: '/',
      event: 'not in the document',
      message: clientMessages.undeclaredEvent('/', 'not in the document'),
    });
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty']) {
      assert.equal(
        (await request<{ message: string }>(socket, name, {})).message,
        clientMessages.undeclaredEvent('/', name),
      );
    }
    assert.deepEqual(await request(socket, 'echo', { text: 'fine' }), { text: 'fine' });
  });

  it('tells a client that sends an event declared for the server to send that it is server-only', async () => {
    const socket = await t.connect();
    const before = handlers.calls.length;
    const exception = nextEvent(socket, 'exception');
    const ack = await request(socket, 'notice', { text: 'from a client' });
    assert.deepEqual(await exception, ack);
    assert.deepEqual(ack, {
      status: 'error',
      namespace: '/',
      event: 'notice',
      message: clientMessages.serverOnlyEvent('/', 'notice'),
    });
    assert.match(clientMessages.serverOnlyEvent('/', 'notice'), /declared for the server to send only/);
    assert.equal(handlers.calls.length, before);
    assert.deepEqual(await request(socket, 'echo', { text: 'fine' }), { text: 'fine' });
  });

  it('exports the error class the payload errors are built from', () => {
    const error = new PayloadValidationError('/', 'echo', [{ pointer: '/text', message: 'must be string' }]);
    assert.equal(error.message, clientMessages.payloadInvalid('/', 'echo', error.errors));
  });
});

describe('validation: false', () => {
  let t: TestApp;
  let handlers: RuntimeHandlers;
  before(async () => {
    t = await serveRuntime({ validation: false });
    handlers = t.app.get(RuntimeHandlers);
  });
  after(() => t.close());

  it('lets payloads through unvalidated and sends acks unvalidated', async () => {
    const socket = await t.connect();
    assert.deepEqual(await request(socket, 'echo', { text: 42 }), { text: 42 });
    assert.deepEqual(handlers.calls.at(-1), { id: 'test.echo', payload: { text: 42 } });
    assert.equal(await request(socket, 'bad ack', 'x'), 'not an integer');
  });
});
