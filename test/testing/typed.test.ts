import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestClient } from '../../lib/testing/index.js';
import { startApp, type TestApp } from '../support/harness.js';
import { CONTRACT, contractApp, type Misbehaviour } from './support.js';

/** The event maps `asynction types` generates for test/fixtures/testing/contract.yaml, written out here. */
interface ClientToServerEvents {
  echo: (payload: { text: string }, callback: (ack: { text: string }) => void) => void;
  misbehave: (payload: Misbehaviour, callback: (ack: { done: boolean }) => void) => void;
}
interface ServerToClientEvents {
  tick: (payload: { n: number }) => void;
  question: (payload: string, callback: (ack: { answer: string }) => void) => void;
}

describe('nestjs-asynction/testing: typed by the generated event maps', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(contractApp());
  });
  after(() => t.close());

  it('types emitWithAck, waitFor and on from the maps (the compiler checks this file)', async () => {
    const client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect<ServerToClientEvents, ClientToServerEvents>('/');
    const echoed: { text: string } = await socket.emitWithAck('echo', { text: 'typed' });
    assert.equal(echoed.text, 'typed');
    const done: boolean = (await socket.emitWithAck('misbehave', 'tick')).done;
    assert.equal(done, true);
    const tick: { n: number } = await socket.waitFor('tick');
    assert.equal(tick.n, 1);
    socket.on('question', (question: string, answer) => answer({ answer: question }));
    // Each line below would not compile without its directive: an unused @ts-expect-error fails the build.
    // @ts-expect-error -- the payload of "echo" is { text: string }
    const refused: unknown = await socket.emitWithAck('echo', { text: 1 });
    assert.equal((refused as { status: string }).status, 'error');
    // @ts-expect-error -- "shout" is not a message clients send
    socket.emit('shout');
    // @ts-expect-error -- the server never sends "echo"
    await assert.rejects(socket.waitFor('echo', { timeout: 1 }));
    await client.closeAll();
  });
});
