import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AsynctionModule } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { connectError, fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import { waitFor } from '../support/wait.js';
import { RuntimeHandlers, serveRuntime } from './handlers.js';

describe('lifecycle handlers and the namespace error handler', () => {
  let t: TestApp;
  let handlers: RuntimeHandlers;
  before(async () => {
    t = await serveRuntime();
    handlers = t.app.get(RuntimeHandlers);
  });
  after(() => t.close());

  it('runs the connect handler before the connection is accepted, and the disconnect handler after', async () => {
    const socket = await t.connect('/handled');
    assert.equal(handlers.lifecycle.at(-1), 'connect');
    socket.disconnect();
    await waitFor(
      'the disconnect handler',
      () => handlers.lifecycle.at(-1) === 'disconnect:client namespace disconnect',
    );
  });

  it('refuses the connection with connect_error carrying the connect handler message', async () => {
    const error = await connectError(`${t.url('/handled')}?deny=1`);
    assert.equal(error.message, clientMessages.connectRefused('/handled', 'no entry for you'));
  });

  it("sends the namespace error handler's return value as the ack", async () => {
    const socket = await t.connect('/handled');
    assert.deepEqual(await request(socket, 'echo', { nope: 1 }), { handled: true, name: 'PayloadValidationError' });
    assert.deepEqual(await request(socket, 'echo', { text: 'ok' }), { text: 'ok', ns: '/handled' });
  });
});

describe('defaultErrorHandler', () => {
  let t: TestApp;
  const seen: unknown[] = [];
  before(async () => {
    const module = AsynctionModule.forRoot({
      spec: fixture('runtime/runtime.yaml'),
      defaultErrorHandler: (error) => {
        seen.push(error);
        return { fallback: (error as Error).name };
      },
    });
    t = await startApp(rootModule([module], [RuntimeHandlers]));
  });
  after(() => t.close());

  it('handles errors of namespaces without their own error handler', async () => {
    const socket = await t.connect('/');
    assert.deepEqual(await request(socket, 'echo', {}), { fallback: 'PayloadValidationError' });
    assert.deepEqual(await request(socket, 'fail', 'sync'), { fallback: 'Error' });
    assert.equal(seen.length, 2);
  });

  it('leaves a namespace with its own error handler to it', async () => {
    const socket = await t.connect('/handled');
    assert.deepEqual(await request(socket, 'echo', {}), { handled: true, name: 'PayloadValidationError' });
  });
});
