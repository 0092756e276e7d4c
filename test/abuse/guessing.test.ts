import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsynctionModule, type AsynctionLimitsOptions } from '../../lib/index.js';
import { clientMessages, logMessages, startupMessages } from '../../lib/messages/index.js';
import { connectError, failedStart, fixture, rootModule } from '../support/harness.js';
import { RawClient } from '../support/raw-client.js';
import { AbuseHandlers, capturingLogs, GOOD_TOKEN, serveAbuse } from './support.js';

/** The frame of a refused CONNECT to `/secure`: `44/secure,{"message":...}`. */
const refusal = (frame: string | Buffer) => typeof frame === 'string' && frame.startsWith('44/secure,');

describe('guessing credentials over one engine.io connection', () => {
  it('closes the connection at the 5th refused namespace CONNECT by default; a new one still gets in', async () => {
    const t = await serveAbuse();
    try {
      const handlers = t.app.get(AbuseHandlers);
      const raw = await RawClient.open(t.port);
      const outcomes: string[] = [];
      const { logs } = await capturingLogs(async () => {
        for (let i = 0; i < 8 && raw.open; i++) {
          outcomes.push(
            await raw.join('/secure', 3000, { token: `guess-${i}` }).then(
              () => 'admitted',
              (error: Error) => error.message,
            ),
          );
        }
        await raw.closed;
      });
      assert.ok(
        logs.some((l) => l.includes(logMessages.refusalsClosed('127.0.0.1', 5))),
        logs.join('\n'),
      );
      assert.equal(outcomes.length, 5, `attempts before the close: ${outcomes.join(' | ')}`);
      assert.equal(raw.frames.filter(refusal).length, 5, 'every refusal was sent before the close');
      assert.ok(
        outcomes.every((o) => o.includes('credentials rejected')),
        outcomes.join(' | '),
      );
      assert.equal(handlers.verified, 5);
      assert.equal(handlers.connected, 0);

      const good = await t.connect('/secure', { auth: { token: GOOD_TOKEN } });
      assert.deepEqual(await good.timeout(2000).emitWithAck('whoami', 'me'), { user: 'alice' });
    } finally {
      await t.close();
    }
  });

  it('refuses CONNECTs past the limit unchecked, good credentials included, arriving in one batch', async () => {
    const t = await serveAbuse();
    try {
      const handlers = t.app.get(AbuseHandlers);
      const raw = await RawClient.open(t.port);
      const tokens = ['a', 'b', 'c', 'd', 'e', 'f', 'g', GOOD_TOKEN];
      for (const token of tokens) raw.sendRaw(`40/secure,${JSON.stringify({ token })}`);
      await raw.closed;
      const refusals = raw.frames.filter(refusal).map((f) => JSON.parse(String(f).slice(10)) as { message: string });
      assert.equal(handlers.verified, 5, 'only the attempts below the limit reached the verifier');
      assert.equal(handlers.connected, 0);
      assert.deepEqual(
        refusals.slice(5).map((r) => r.message),
        tokens.slice(5).map(() => clientMessages.connectRefused('/secure', clientMessages.tooManyRefusals)),
      );
      assert.equal(refusals.length, tokens.length);
    } finally {
      await t.close();
    }
  });

  it('admits good credentials on a connection below its limit; each attempt reaches the verifier once', async () => {
    const t = await serveAbuse({ refusalsPerConnection: 3 });
    try {
      const handlers = t.app.get(AbuseHandlers);
      const raw = await RawClient.open(t.port);
      for (const token of ['a', 'b'])
        await assert.rejects(raw.join('/secure', 3000, { token }), /credentials rejected/);
      await raw.join('/secure', 3000, { token: GOOD_TOKEN });
      assert.equal(handlers.connected, 1);
      raw.close();

      const guesser = await RawClient.open(t.port);
      for (const token of ['a', 'b', 'c']) await assert.rejects(guesser.join('/secure', 3000, { token }));
      assert.notEqual(await guesser.closed, undefined);
      assert.equal(handlers.verified, 6, 'each attempt below the limit reached the verifier once');
    } finally {
      await t.close();
    }
  });

  it('refuses all from an address over refusalsPerAddress; X-Forwarded-For only when trusted', async () => {
    const t = await serveAbuse({ refusalsPerAddress: 2, refusalWindow: 60_000, trustProxy: 1 });
    try {
      const handlers = t.app.get(AbuseHandlers);
      const from = (address: string) => ({ extraHeaders: { 'x-forwarded-for': `6.6.6.6, ${address}` } });
      const { logs } = await capturingLogs(async () => {
        for (const token of ['a', 'b']) {
          const error = await connectError(t.url('/secure'), { ...from('10.0.0.1'), auth: { token } });
          assert.match(error.message, /credentials rejected/);
        }
      });
      assert.ok(
        logs.some((l) => l.includes(logMessages.addressBlocked('10.0.0.1', 2, 60_000))),
        logs.join('\n'),
      );
      const verified = handlers.verified;
      const blocked = await connectError(t.url('/secure'), { ...from('10.0.0.1'), auth: { token: GOOD_TOKEN } });
      assert.equal(blocked.message, clientMessages.connectRefused('/secure', clientMessages.tooManyRefusals));
      assert.equal(handlers.verified, verified, 'a blocked address reaches no verifier');

      // The leftmost entry is the client's own word: the same proxy-seen address is blocked whatever it says.
      const spoofed = { extraHeaders: { 'x-forwarded-for': '1.2.3.4, 10.0.0.1' }, auth: { token: GOOD_TOKEN } };
      assert.match((await connectError(t.url('/secure'), spoofed)).message, /too many refused/);
      const other = await t.connect('/secure', { ...from('10.0.0.2'), auth: { token: GOOD_TOKEN } });
      assert.ok(other.connected);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-For without trustProxy: every client behind one peer address shares its count', async () => {
    const t = await serveAbuse({ refusalsPerAddress: 2 });
    try {
      for (const address of ['10.0.0.1', '10.0.0.2']) {
        const options = { extraHeaders: { 'x-forwarded-for': address }, auth: { token: 'bad' } };
        assert.match((await connectError(t.url('/secure'), options)).message, /credentials rejected/);
      }
      const options = { extraHeaders: { 'x-forwarded-for': '10.0.0.3' }, auth: { token: GOOD_TOKEN } };
      assert.match((await connectError(t.url('/secure'), options)).message, /too many refused/);
    } finally {
      await t.close();
    }
  });

  it('refuses to start with a misspelled limit, naming the closest one', async () => {
    const limits = { fairshare: 8 } as unknown as AsynctionLimitsOptions;
    const module = AsynctionModule.forRoot({ spec: fixture('abuse/abuse.yaml'), limits });
    const { error } = await failedStart(rootModule([module], [AbuseHandlers]));
    assert.match(String((error as Error).message), /"limits\.fairshare" is not an option.*"fairShare"/);
  });

  it('refuses to start with a refusal limit above 20, naming the option', async () => {
    const module = AsynctionModule.forRoot({
      spec: fixture('abuse/abuse.yaml'),
      limits: { refusalsPerConnection: 1000 },
    });
    const { error, portClosed } = await failedStart(rootModule([module], [AbuseHandlers]));
    const problem = startupMessages.limitOutOfRange('refusalsPerConnection', 1000, 'an integer from 1 to 20');
    assert.ok(String((error as Error).message).includes(problem.message), String(error));
    assert.ok(portClosed);
  });
});
