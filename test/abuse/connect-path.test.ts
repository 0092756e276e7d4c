import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clientMessages, logMessages } from '../../lib/messages/index.js';
import { connectError, type TestApp } from '../support/harness.js';
import { AbuseHandlers, capturingLogs, FALSY, GOOD_TOKEN, serveAbuse } from './support.js';

const refused = (namespace: string, reason: string) => clientMessages.connectRefused(namespace, reason);
const bearerRefused = (reason: string) =>
  refused('/secure', clientMessages.securityRefused([{ requirement: 'bearer', reason }]));

describe('the connect path against abusive clients', () => {
  let t: TestApp;
  let handlers: AbuseHandlers;
  before(async () => {
    // A refusal limit high enough for every test of this file to share one app and one address.
    t = await serveAbuse({ checkTimeout: 300, refusalsPerConnection: 20 });
    handlers = t.app.get(AbuseHandlers);
  });
  after(() => t.close());

  it('refuses a client whose verifier never settles, once checkTimeout has passed, and logs which one', async () => {
    const { result, logs } = await capturingLogs(() => connectError(t.url('/secure'), { auth: { token: 'hang' } }));
    assert.equal(result.message, bearerRefused(clientMessages.checkTimedOut));
    assert.ok(
      logs.some((l) => l.includes(logMessages.checkTimeout('verifier', 'abuse.verify', '/secure', 300))),
      logs.join('\n'),
    );
  });

  it('ignores what a verifier returns after the timeout', async () => {
    const connected = handlers.connected;
    const error = await connectError(t.url('/secure'), { auth: { token: 'late' } });
    assert.equal(error.message, bearerRefused(clientMessages.checkTimedOut));
    handlers.lateVerifier!({ user: 'mallory' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(handlers.connected, connected, 'the late principal reached the connect handler');
  });

  it('refuses an event whose operation security waits on a verifier that never settles', async () => {
    const socket = await t.connect('/checked-per-event', { auth: { token: 'hang' } });
    const echoed = handlers.echoed;
    const answer = (await socket.timeout(5000).emitWithAck('echo', 1)) as { message?: string };
    const reason = clientMessages.securityRefused([{ requirement: 'bearer', reason: clientMessages.checkTimedOut }]);
    assert.equal(answer.message, clientMessages.eventRefused('/checked-per-event', 'echo', reason));
    assert.equal(handlers.echoed, echoed, 'the refused event reached the handler');
    socket.disconnect();
  });

  it('refuses a client whose connect handler never settles', async () => {
    const error = await connectError(`${t.url('/lobby')}?kind=hang`);
    assert.equal(error.message, refused('/lobby', clientMessages.connectHandlerTimedOut));
  });

  for (const kind of ['leak', 'reject']) {
    const how = kind === 'leak' ? 'throws' : 'rejects';
    it(`sends a generic refusal when the connect handler ${how} an Error, and logs the detail`, async () => {
      const { result, logs } = await capturingLogs(() => connectError(`${t.url('/lobby')}?kind=${kind}`));
      assert.equal(result.message, refused('/lobby', clientMessages.internalError));
      assert.doesNotMatch(JSON.stringify(result), /hunter2|ECONNREFUSED|rows/);
      const detail = kind === 'leak' ? 'password=hunter2' : 'reading "rows"';
      const line = logs.find((l) => l.startsWith('error') && l.includes(detail));
      const logged = logMessages.connectHandlerFailed('abuse.lobbyConnect', '/lobby', '');
      assert.ok(line?.includes(logged), logs.join('\n'));
    });
  }

  it("passes a WsException's and an HttpException's message on: they are meant for the client", async () => {
    assert.equal(
      (await connectError(`${t.url('/lobby')}?kind=ws`)).message,
      refused('/lobby', 'lobby closed for cleaning'),
    );
    assert.equal((await connectError(`${t.url('/lobby')}?kind=http`)).message, refused('/lobby', 'members only'));
  });

  for (const [token, value] of Object.entries(FALSY)) {
    it(`refuses a client whose verifier returns ${String(value) || "''"}`, async () => {
      const before = handlers.verified;
      const error = await connectError(t.url('/secure'), { auth: { token } });
      assert.equal(error.message, bearerRefused(clientMessages.credentialsRejected));
      assert.equal(handlers.verified, before + 1);
    });
  }

  it('admits a client whose verifier returns a truthy value, and it is the principal', async () => {
    for (const [token, principal] of [
      [GOOD_TOKEN, { user: 'alice' }],
      ['one', 1],
    ] as const) {
      const socket = await t.connect('/secure', { auth: { token } });
      assert.deepEqual(await socket.timeout(2000).emitWithAck('whoami', 'me'), principal);
      socket.disconnect();
    }
  });
});
