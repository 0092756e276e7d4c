import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Socket as ClientSocket } from 'socket.io-client';
import { AsynctionModule } from '../../lib/index.js';
import { clientMessages, logMessages } from '../../lib/messages/index.js';
import { CapturingLogger } from '../support/logs.js';
import { connectError, fixture, nextEvent, rootModule, startApp, type TestApp } from '../support/harness.js';
import { waitFor } from '../support/wait.js';
import { SlowHandlers } from './slow-handlers.js';

const SPEC = fixture('operations/slow-handlers.yaml');

async function serve(shutdownTimeout?: number): Promise<{ t: TestApp; handlers: SlowHandlers; logs: CapturingLogger }> {
  const module = AsynctionModule.forRoot({ spec: SPEC, ...(shutdownTimeout ? { shutdownTimeout } : {}) });
  const logs = new CapturingLogger();
  const t = await startApp(rootModule([module], [SlowHandlers]), (app) => app.useLogger(logs));
  return { t, handlers: t.app.get(SlowHandlers), logs };
}

/** The ack of `slow`, or the error of a lost ack; never rejects, so a test can await it after the close. */
function slowAck(socket: ClientSocket, name: string): Promise<unknown> {
  return (socket.timeout(30_000).emitWithAck('slow', name) as Promise<unknown>).catch((error: Error) => error);
}

describe('graceful shutdown: app.close() lets the handlers in flight finish', () => {
  it('refuses new connections and messages, acks what completes, then disconnects the clients', async () => {
    const { t, handlers, logs } = await serve();
    const socket = await t.connect('/');
    const other = await t.connect('/');
    const first = slowAck(socket, 'first');
    const second = slowAck(other, 'second');
    await waitFor('both handlers running', () => handlers.pending.size === 2);

    const closed = t.app.close();
    let closeDone = false;
    void closed.then(() => (closeDone = true));
    const refused = await connectError(t.url('/'));
    assert.equal(refused.message, clientMessages.shuttingDown('/'));
    const late = (await socket.timeout(5000).emitWithAck('echo', 'late')) as { message: string };
    assert.equal(late.message, clientMessages.shuttingDown('/'));
    assert.equal(closeDone, false, 'the application closed while handlers were running');
    assert.equal(socket.connected, true);

    const disconnected = nextEvent<string>(socket, 'disconnect', 10_000);
    handlers.pending.get('first')!.resolve('first done');
    assert.equal(await first, 'first done');
    assert.equal(closeDone, false, 'the application closed while a handler was running');
    handlers.pending.get('second')!.resolve('second done');
    assert.equal(await second, 'second done');
    assert.equal(await disconnected, 'io server disconnect');
    await closed;
    assert.deepEqual(handlers.started, ['first', 'second']);
    assert.ok(logs.lines.some((l) => l.message === logMessages.shutdownDone(2, 2) && l.context === 'Asynction'));
  });

  it('disconnects after shutdownTimeout when a handler does not finish, without waiting for it', async () => {
    const { t, handlers, logs } = await serve(200);
    const socket = await t.connect('/');
    const stuck = slowAck(socket, 'stuck');
    await waitFor('the handler running', () => handlers.pending.size === 1);
    const disconnected = nextEvent<string>(socket, 'disconnect', 10_000);
    await t.app.close();
    assert.equal(await disconnected, 'io server disconnect');
    const lost = await stuck;
    assert.ok(lost instanceof Error, 'the ack of a handler cut by the timeout cannot arrive');
    assert.deepEqual(
      logs.lines.filter((l) => l.level === 'warn').map((l) => [l.context, l.message]),
      [['Asynction', logMessages.shutdownTimedOut(1, 200)]],
    );
    handlers.pending.get('stuck')!.resolve('too late');
  });

  it('disconnects the clients with "io server disconnect" when nothing is in flight', async () => {
    const { t } = await serve();
    const socket = await t.connect('/');
    const disconnected = nextEvent<string>(socket, 'disconnect', 10_000);
    await t.app.close();
    assert.equal(await disconnected, 'io server disconnect');
  });
});
