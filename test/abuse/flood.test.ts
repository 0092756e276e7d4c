import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsynctionModule, type ClientError } from '../../lib/index.js';
import { clientMessages, logMessages, startupMessages } from '../../lib/messages/index.js';
import { failedStart, fixture, rootModule } from '../support/harness.js';
import { RawClient } from '../support/raw-client.js';
import { AbuseHandlers, capturingLogs, serveAbuse } from './support.js';

const FLOOD = 3000;

/** Sends `count` `echo`s (0..count-1) in one go; resolves with their acks, in sending and in arrival order. */
async function flood(
  raw: RawClient,
  count: number,
  timeout = 20_000,
): Promise<{ acks: unknown[][]; arrived: unknown[][] }> {
  const arrived: unknown[][] = [];
  const acks: Array<Promise<unknown[]>> = [];
  for (let i = 0; i < count; i++) {
    const id = raw.takeAckId();
    acks.push(raw.ack('/open', id, timeout).then((args) => (arrived.push(args), args)));
    raw.sendRaw(`42/open,${id}["echo",${i}]`);
  }
  return { acks: await Promise.all(acks), arrived };
}

describe('a fair share of the event loop under a flood', () => {
  it('handles a canary sent after a flood long before the flood is through; nothing lost or reordered', async () => {
    const t = await serveAbuse();
    try {
      const handlers = t.app.get(AbuseHandlers);
      const raw = await RawClient.connect(t.port, '/open');
      const canary = await RawClient.connect(t.port, '/open');
      const flooded = flood(raw, FLOOD);
      const answer = canary.emit('echo', [-1], { ack: true, timeout: 20_000 });
      assert.deepEqual(await answer, [-1]);
      const { arrived } = await flooded;
      assert.deepEqual(
        arrived,
        Array.from({ length: FLOOD }, (_, i) => [i]),
        'every ack, in order',
      );
      const at = handlers.seen.indexOf(-1);
      assert.ok(at < FLOOD / 2, `the canary's message was handled after ${at} of the flood's ${FLOOD}`);
      assert.ok(raw.open && canary.open);
    } finally {
      await t.close();
    }
  });
});

describe('a fair share over long-polling', () => {
  it('answers every message of a polling client that sends more than its share at once, in order', async () => {
    const t = await serveAbuse({ fairShare: 4 });
    try {
      const socket = await t.connect('/open', { transports: ['polling'] });
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => socket.timeout(10_000).emitWithAck('echo', i) as Promise<number>),
      );
      assert.deepEqual(
        answers,
        Array.from({ length: 200 }, (_, i) => i),
      );
      assert.deepEqual(t.app.get(AbuseHandlers).seen, answers, 'handled in the order sent');
    } finally {
      await t.close();
    }
  });
});

describe('a per-connection rate limit', () => {
  it('answers messages over the limit on the error path with a RateLimitError, and keeps the connection', async () => {
    const t = await serveAbuse({ rateLimit: { rate: 1, burst: 3 } });
    try {
      const handlers = t.app.get(AbuseHandlers);
      const raw = await RawClient.connect(t.port, '/open');
      const { acks } = await flood(raw, 8);
      assert.deepEqual(acks.slice(0, 3), [[0], [1], [2]]);
      const body: ClientError = {
        status: 'error',
        namespace: '/open',
        event: 'echo',
        message: clientMessages.rateLimited('/open', 'echo', 1, 3),
      };
      assert.deepEqual(
        acks.slice(3),
        Array.from({ length: 5 }, () => [body]),
      );
      assert.equal(handlers.echoed, 3, 'a message over the limit reached the handler');
      assert.ok(raw.open);
    } finally {
      await t.close();
    }
  });

  it('closes a connection after disconnectAfter messages in a row over the limit; others are unaffected', async () => {
    const t = await serveAbuse({ rateLimit: { rate: 1, burst: 2, disconnectAfter: 10 } });
    try {
      const handlers = t.app.get(AbuseHandlers);
      const bystander = await RawClient.connect(t.port, '/open');
      const raw = await RawClient.connect(t.port, '/open');
      const { logs } = await capturingLogs(async () => {
        for (let i = 0; i < 30; i++) raw.sendRaw(`42/open,${raw.takeAckId()}["echo",${i}]`);
        await raw.closed;
      });
      assert.ok(
        logs.some((l) => l.includes(logMessages.rateLimitClosed('127.0.0.1', 10))),
        logs.join('\n'),
      );
      const message = JSON.stringify(clientMessages.rateLimited('/open', 'echo', 1, 2));
      const refused = raw.frames.filter(
        (f) => typeof f === 'string' && f.startsWith('43/open,') && f.includes(message),
      );
      assert.equal(refused.length, 10, 'ten refused before the close');
      assert.ok(handlers.echoed <= 2, `${handlers.echoed} messages reached the handler`);
      assert.deepEqual(await bystander.emit('echo', [7], { ack: true }), [7]);
    } finally {
      await t.close();
    }
  });

  it('refuses to start with a rate that is not a positive number', async () => {
    const module = AsynctionModule.forRoot({ spec: fixture('abuse/abuse.yaml'), limits: { rateLimit: { rate: -1 } } });
    const { error } = await failedStart(rootModule([module], [AbuseHandlers]));
    const problem = startupMessages.limitOutOfRange('rateLimit.rate', -1, 'a number of messages per second > 0');
    assert.ok(String((error as Error).message).includes(problem.message), String(error));
  });
});
