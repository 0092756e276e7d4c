import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { load } from 'js-yaml';
import type { Socket as ServerSocket } from 'socket.io';
import { AckValidationError, AsynctionEmitter, AsynctionModule, EmitError } from '../../lib/index.js';
import { clientMessages, logMessages } from '../../lib/messages/index.js';
import {
  connectError,
  fixture,
  nextEvent,
  eventsUntil,
  request,
  rootModule,
  startApp,
  type TestApp,
} from '../support/harness.js';
import { waitFor } from '../support/wait.js';
import { ChatHandlers } from './handlers.js';

/**
 * One application, three documents: the AsyncAPI 2.6 original, its 3.0 translation, and the same translation
 * declared 3.1. Every client-visible result must be the same whichever document is served.
 */
const variants: Array<[string, () => string | object]> = [
  ['AsyncAPI 2.6', () => fixture('v3/chat-v2.yaml')],
  ['AsyncAPI 3.0', () => fixture('v3/chat-v3.yaml')],
  [
    'AsyncAPI 3.1',
    () => ({ ...(load(readFileSync(fixture('v3/chat-v3.yaml'), 'utf8')) as object), asyncapi: '3.1.0' }),
  ],
];

for (const [version, spec] of variants) {
  describe(`the same application served from ${version}`, () => {
    let t: TestApp;
    let handlers: ChatHandlers;
    let emitter: AsynctionEmitter;
    before(async () => {
      t = await startApp(rootModule([AsynctionModule.forRoot({ spec: spec(), ackTimeout: 500 })], [ChatHandlers]));
      handlers = t.app.get(ChatHandlers);
      emitter = t.app.get(AsynctionEmitter);
    });
    after(() => t.close());

    it('calls the handler of a received event and sends its return value as the validated ack', async () => {
      const socket = await t.connect();
      assert.deepEqual(await request(socket, 'hello', { text: 'ada' }), { reply: 'hi ada' });
      assert.ok(handlers.calls.includes('hello:ada'));
    });

    it('passes a tuple payload (several arguments) as one array, and acks with the reply schema', async () => {
      const socket = await t.connect();
      assert.equal(await request(socket, 'move', 2, 3), 5);
    });

    it('refuses an invalid payload without calling the handler, naming the failing pointer', async () => {
      const socket = await t.connect();
      const exception = nextEvent<{ status: string; event: string; errors: Array<{ pointer: string }> }>(
        socket,
        'exception',
      );
      const ack = await request<{ status: string; event: string }>(socket, 'hello', { text: 'x'.repeat(21) });
      const body = await exception;
      assert.equal(ack.status, 'error');
      assert.equal(body.event, 'hello');
      assert.deepEqual(
        body.errors.map((e) => e.pointer),
        ['/text'],
      );
      assert.ok(!handlers.calls.includes(`hello:${'x'.repeat(21)}`));
    });

    it('never sends a handler acknowledgement that breaks the reply schema: the client gets an internal error', async () => {
      const socket = await t.connect();
      const ack = await request(socket, 'hello', { text: 'wrong' });
      assert.deepEqual(ack, {
        status: 'error',
        namespace: '/',
        event: 'hello',
        message: clientMessages.internalError,
      });
      assert.ok(handlers.calls.includes('hello:wrong'));
    });

    it('emits a declared message, and refuses an invalid one before anything is sent', async () => {
      const socket = await t.connect();
      const received = nextEvent(socket, 'welcome');
      emitter.emit('/', 'welcome', { user: 'ada' });
      assert.deepEqual(await received, { user: 'ada' });
      const welcomes = eventsUntil(socket, 'welcome', (w: { user: string }) => w.user === 'grace');
      assert.throws(() => emitter.emit('/', 'welcome', { user: 'a' }), EmitError);
      assert.throws(() => emitter.emit('/', 'hello', { text: 'x' }), {
        message: logMessages.emitUnknownEvent('/', 'hello', ['welcome']),
      });
      // A refused emit that went out anyway would arrive before this valid one.
      emitter.emit('/', 'welcome', { user: 'grace' });
      assert.deepEqual(await welcomes, [{ user: 'grace' }]);
    });

    it('serves the namespace/event convention with x-namespaces: connect handler, events, error handler', async () => {
      const refused = await connectError(t.url('/admin'), { auth: { token: 'guest' } });
      assert.match(refused.message, /moderators only/);
      const admin = await t.connect('/admin', { auth: { token: 'moderator' } });
      assert.equal(await request(admin, 'ban', { user: 'mallory' }), true);
      assert.deepEqual(await request(admin, 'ban', { user: 7 }), { handled: ['/user'] });
    });

    it("validates a client's reply to emitWithAck against the outbound message's ack schema", async () => {
      const admin = await t.connect('/admin', { auth: { token: 'moderator' } });
      const server = (await t.app.get(AsynctionEmitter)['runtime'].server('/admin')!.fetchSockets()).find(
        (s) => s.id === admin.id,
      );
      let answer = 'ok';
      admin.on('banned', (_payload: unknown, ack: (reply: string) => void) => ack(answer));
      assert.equal(await emitter.emitWithAck(server as unknown as ServerSocket, 'banned', { user: 'mallory' }), 'ok');
      answer = 'nope';
      await assert.rejects(
        emitter.emitWithAck(server as unknown as ServerSocket, 'banned', { user: 'mallory' }),
        AckValidationError,
      );
    });

    it('calls the channel-level disconnect handler', async () => {
      const socket = await t.connect();
      socket.disconnect();
      await waitFor('the disconnect handler', () => handlers.calls.includes('disconnect:client namespace disconnect'));
    });
  });
}
