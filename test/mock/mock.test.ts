import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable, type LoggerService } from '@nestjs/common';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { AsyncOperation, AsynctionModule, type AsynctionMockOptions } from '../../lib/index.js';
import { clientMessages, logMessages } from '../../lib/messages/index.js';
import { AsynctionMock, loadMockPackages, PayloadSource, seedOf } from '../../lib/mock/index.js';
import { SchemaCompiler } from '../../lib/document/schema.compiler.js';
import { connectError, fixture, rootModule, startApp, type TestApp } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

@Injectable()
class ImplementedHandler {
  @AsyncOperation('order.implemented')
  implemented(value: number): string {
    return `real ${value}`;
  }
}

/** Every line logged while the app starts, by context. */
function capturingLogger(lines: string[]): LoggerService {
  const push = (message: unknown, context?: unknown) => lines.push(`${String(context)}: ${String(message)}`);
  return { log: push, warn: push, error: push, debug: () => {}, verbose: () => {} };
}

async function mockApp(
  file: string,
  mock: 'missing' | AsynctionMockOptions,
  extra: { serverName?: string; providers?: Array<new (...args: never[]) => unknown>; lines?: string[] } = {},
): Promise<TestApp> {
  const forRoot = AsynctionModule.forRoot({ spec: fixture(file), mock, serverName: extra.serverName });
  return startApp(rootModule([forRoot], extra.providers ?? []), (app) => {
    if (extra.lines) app.useLogger(capturingLogger(extra.lines));
  });
}

/** A client that records every event from before it connects (the first of each is sent as it connects). */
async function recorder(app: TestApp, options: Record<string, unknown> = {}) {
  const seen: Array<{ event: string; args: unknown[] }> = [];
  const socket: ClientSocket = io(app.url('/'), {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  socket.onAny((event: string, ...args: unknown[]) => seen.push({ event, args }));
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
  const values = (event: string) => seen.filter((s) => s.event === event).map((s) => s.args);
  return { socket, seen, values };
}

describe('mock: what no method implements yet', () => {
  it('answers operations without a method, leaves the implemented one to its method, logs what it mocks', async () => {
    const lines: string[] = [];
    const app = await mockApp('mock/payload-order.yaml', 'missing', { providers: [ImplementedHandler], lines });
    try {
      const { socket } = await recorder(app);
      assert.equal(await socket.emitWithAck('implemented', 4), 'real 4');
      const ack = (await socket.emitWithAck('ask', 'why?')) as { answer: string; by: string };
      assert.equal(typeof ack.answer, 'string');
      // Faker formats: a sentence has words and ends with a full stop, a first name is one capitalised word.
      assert.match(ack.answer, /^\S+( \S+)*\.$/);
      assert.match(ack.by, /^[A-Z][\p{L}'-]*$/u);
      const mocked = app.app.get(AsynctionMock).summary;
      assert.ok(
        lines.some((l) => l.includes(logMessages.mockStarted(mocked.seed, mocked.events.length))),
        lines.join('\n'),
      );
      assert.ok(
        lines.some((l) => /receives "ask"\s+validates the payload; acks generated from the ack schema/.test(l)),
      );
      assert.ok(!lines.some((l) => l.includes('"implemented"')), 'the implemented operation is not listed as mocked');
    } finally {
      await app.close();
    }
  });

  it('takes an invalid payload down the documented error path, the handler (here the mock) not called', async () => {
    const app = await mockApp('mock/payload-order.yaml', { outbound: false });
    try {
      const { socket, values } = await recorder(app);
      const ack = (await socket.emitWithAck('ask', 42)) as { status: string; event: string };
      assert.equal(ack.status, 'error');
      assert.equal(ack.event, 'ask');
      await waitFor('the exception event', () => values('exception').length === 1);
    } finally {
      await app.close();
    }
  });

  it('sends message examples first (an invalid one skipped), then schema examples or default, then data', async () => {
    const app = await mockApp('mock/payload-order.yaml', { interval: 0.05 });
    try {
      const { values } = await recorder(app);
      await waitFor('four greetings', () => values('greeting').length >= 4);
      assert.deepEqual(values('greeting').slice(0, 4), [['hello'], ['bonjour'], ['hello'], ['bonjour']]);
      assert.deepEqual(values('level').slice(0, 2), [[3], [5]]);
      assert.deepEqual(values('status')[0], ['up']);
      const [x, y] = values('point')[0]!;
      assert.ok(typeof x === 'number' && x >= 0 && x <= 1 && Number.isInteger(y), `point is (${x}, ${y})`);
      const greeting = app.app.get(AsynctionMock).summary.events.find((e) => e.event === 'greeting')!;
      assert.match(greeting.what, /from the message's examples \(example 2 does not match the payload schema\)/);
    } finally {
      await app.close();
    }
  });

  it('follows x-mock: its own interval, and a disabled message never sent', async () => {
    const app = await mockApp('mock/payload-order.yaml', { interval: 60 });
    try {
      const { seen, values } = await recorder(app);
      // "silent" would have come at connection, before every later tick: five ticks prove it did not.
      await waitFor('five ticks', () => values('tick').length >= 5);
      assert.equal(values('greeting').length, 1, 'the others keep the 60 s interval');
      assert.deepEqual(values('silent'), []);
      assert.ok(seen.every((s) => s.event !== 'silent'));
    } finally {
      await app.close();
    }
  });

  it('reports a payload no value satisfies as not mockable, once, and never sends it', async () => {
    const lines: string[] = [];
    const app = await mockApp('mock/not-mockable.yaml', { interval: 0.05 }, { lines });
    try {
      const impossible = app.app.get(AsynctionMock).summary.events.find((e) => e.event === 'impossible')!;
      assert.equal(impossible.mockable, false);
      assert.equal(impossible.what, logMessages.mockNotMockable(false));
      assert.equal(lines.filter((l) => l.includes('"impossible"')).length, 1);
      const { values } = await recorder(app);
      await waitFor('three "fine"', () => values('fine').length >= 3);
      assert.deepEqual(values('impossible'), []);
    } finally {
      await app.close();
    }
  });
});

describe('mock: what it cannot generate', () => {
  it('answers an event whose ack schema nothing satisfies with the internal error, naming it in the log', async () => {
    const lines: string[] = [];
    const app = await mockApp('mock/not-mockable.yaml', { outbound: false }, { lines });
    try {
      const { socket } = await recorder(app);
      assert.deepEqual(await socket.emitWithAck('ask', 'x'), {
        status: 'error',
        namespace: '/',
        event: 'ask',
        message: clientMessages.internalError,
      });
      await waitFor('the log line', () => lines.some((l) => l.includes(logMessages.mockAckUnavailable('/', 'ask'))));
    } finally {
      await app.close();
    }
  });

  it('skips a value it cannot make valid, warns once, and keeps sending the valid ones', async () => {
    // With seed 1 and one attempt, "flaky" has a valid first value and invalid ones after: checked here first.
    const context = { packages: await loadMockPackages(), compiler: new SchemaCompiler(), attempts: 1 };
    const schema = { type: 'string', minLength: 1, maxLength: 1, pattern: '^[ab]$', not: { pattern: 'a' } };
    const source = new PayloadSource(
      { schema, at: { file: '', pointer: '' }, tuple: false },
      [],
      seedOf(1, 'send / flaky'),
      context,
    );
    const valid = Array.from({ length: 8 }, (_, n) => source.at(n) !== undefined);
    assert.ok(valid[0] && valid.filter((v) => !v).length >= 2, `precondition: ${valid.join(' ')}`);
    const lines: string[] = [];
    const app = await mockApp('mock/not-mockable.yaml', { seed: 1, attempts: 1, interval: 0.05 }, { lines });
    try {
      const { values } = await recorder(app);
      const sent = valid.filter(Boolean).length;
      await waitFor(`${sent} valid "flaky" of 8 sends`, () => values('flaky').length >= sent);
      assert.ok(values('flaky').every(([v]) => v === 'b'));
      const warned = lines.filter((l) => l.includes(logMessages.mockGenerationFailed('/', 'flaky')));
      assert.equal(warned.length, 1);
    } finally {
      await app.close();
    }
  });

  it('names json-schema-faker when it cannot be loaded', async () => {
    await assert.rejects(
      loadMockPackages(() => Promise.reject(new Error("Cannot find package 'json-schema-faker'"))),
      { message: logMessages.mockPackageMissing('json-schema-faker', "Cannot find package 'json-schema-faker'") },
    );
  });
});

describe('mock: the same seed gives the same data', () => {
  const sequence = async (seed: number) => {
    const app = await mockApp('mock/payload-order.yaml', { seed, interval: 0.05 });
    try {
      const clients = [await recorder(app), await recorder(app)];
      const acks: unknown[][] = [];
      for (const { socket } of clients)
        acks.push([await socket.emitWithAck('ask', 'a'), await socket.emitWithAck('ask', 'b')]);
      await waitFor('four ticks each', () => clients.every((c) => c.values('tick').length >= 4));
      return clients.map((c, i) => ({ ticks: c.values('tick').slice(0, 4), acks: acks[i] }));
    } finally {
      await app.close();
    }
  };

  it('repeats payloads and acks for a seed, for every client, and differs for another seed', async () => {
    const first = await sequence(42);
    assert.deepEqual(first[0], first[1], 'two clients of one server see the same sequence');
    assert.deepEqual(await sequence(42), first, 'a second server with the same seed sends the same');
    assert.notDeepEqual((await sequence(43))[0], first[0]);
    assert.equal(new Set(first[0]!.ticks.map((t) => JSON.stringify(t))).size, 4, 'values vary within a sequence');
  });
});

describe('mock: security', () => {
  it('accepts a well-formed credential of the scheme when its verifier is missing, and refuses none', async () => {
    const app = await mockApp('mock/secured.yaml', 'missing', { serverName: 'local' });
    try {
      const refused = await connectError(app.url('/'));
      assert.match(refused.message, /credential/i);
      const { socket } = await recorder(app, { extraHeaders: { authorization: 'Bearer anything' } });
      assert.equal(await socket.emitWithAck('ping', 'x'), 'pong');
    } finally {
      await app.close();
    }
  });

  it("ignores the document's security with auth: 'none'", async () => {
    const app = await mockApp('mock/secured.yaml', { auth: 'none' }, { serverName: 'local' });
    try {
      const { socket } = await recorder(app);
      assert.equal(await socket.emitWithAck('ping', 'x'), 'pong');
    } finally {
      await app.close();
    }
  });
});
