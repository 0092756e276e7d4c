import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientMessages, testingMessages } from '../../lib/messages/index.js';
import { ContractViolationError, createTestClient, type AsynctionTestClient } from '../../lib/testing/index.js';
import { startApp, type TestApp } from '../support/harness.js';
import { CONTRACT, PRIVATE_REFUSAL, contractApp } from './support.js';

/** A check for assert.rejects/throws: the violation's kind, namespace, event and first pointer. */
function violation(kind: string, event: string, pointer: string | undefined, value?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ContractViolationError, `not a violation: ${String(error)}`);
    assert.deepEqual([error.kind, error.namespace, error.event, error.pointer], [kind, '/', event, pointer]);
    assert.match(error.message, new RegExp(`namespace "/", event "${event}"`));
    if (value !== undefined) assert.equal(error.value, value);
    return true;
  };
}

describe('nestjs-asynction/testing: what the server sends is checked against the document', () => {
  let t: TestApp;
  let client: AsynctionTestClient;
  before(async () => {
    t = await startApp(contractApp());
  });
  after(() => t.close());

  it('rejects the awaited call with a wrong server emit, naming the pointer and the value', async () => {
    client = createTestClient({ document: CONTRACT, app: t.app });
    const socket = await client.connect();
    await assert.rejects(
      socket.emitWithAck('misbehave', 'bad tick'),
      violation('server event', 'tick', '/n', '{"n":"one"}'),
    );
    const errors = [{ pointer: '/n', message: 'must be integer' }];
    const expected = testingMessages.violation(
      'server event',
      '/',
      'tick',
      testingMessages.invalid(errors),
      '{"n":"one"}',
    );
    await socket.raw.emitWithAck('misbehave', 'bad tick');
    await assert.rejects(socket.close(), { message: expected });
    await client.closeAll();
  });

  it('rejects emitWithAck with a wrong ack', async () => {
    client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect();
    await assert.rejects(socket.emitWithAck('misbehave', 'bad ack'), violation('server ack', 'misbehave', '/done'));
    await client.closeAll();
  });

  it('rejects with an undeclared server event', async () => {
    client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect();
    await assert.rejects(socket.emitWithAck('misbehave', 'undeclared'), (error: unknown) => {
      assert.ok(error instanceof ContractViolationError);
      assert.deepEqual([error.kind, error.event, error.errors], ['undeclared server event', 'surprise', []]);
      assert.ok(error.message.includes(testingMessages.undeclaredServerEvent('/')), error.message);
      return true;
    });
    await client.closeAll();
  });

  it('rejects an exception event that does not have the documented shape', async () => {
    client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect();
    await assert.rejects(socket.emitWithAck('misbehave', 'bad exception'), (error: unknown) => {
      assert.ok(error instanceof ContractViolationError);
      assert.deepEqual([error.kind, error.event, error.pointer], ['exception event', 'exception', '']);
      assert.match(error.message, /must have required property 'namespace'/);
      return true;
    });
    await client.closeAll();
  });

  it('accepts the exception event in its documented shape and returns it', async () => {
    client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect();
    const ack = await socket.emitWithAck('echo', { text: 5 });
    const exception = await socket.waitFor('exception');
    assert.deepEqual(exception, ack);
    assert.deepEqual(exception, {
      status: 'error',
      message: clientMessages.payloadInvalid('/', 'echo', [{ pointer: '/text', message: 'must be string' }]),
      namespace: '/',
      event: 'echo',
      errors: [{ pointer: '/text', message: 'must be string' }],
    });
    await client.closeAll();
  });

  it('throws a violation no call awaited at the next await, and one left at closeAll', async () => {
    client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect();
    // The raw socket's ack arrives after the tick it caused: the violation is in, and nothing of the client awaited it.
    await socket.raw.emitWithAck('misbehave', 'bad tick');
    await assert.rejects(socket.waitFor('tick'), violation('server event', 'tick', '/n'));
    // A wait the violation rejected does not take the next valid message.
    const waiting = socket.waitFor('tick');
    socket.raw.emit('misbehave', 'bad tick');
    await assert.rejects(waiting, violation('server event', 'tick', '/n'));
    await socket.emitWithAck('misbehave', 'tick');
    assert.deepEqual(await socket.waitFor('tick'), { n: 1 });
    await socket.raw.emitWithAck('misbehave', 'undeclared');
    await assert.rejects(client.closeAll(), violation('undeclared server event', 'surprise', undefined));
    await client.closeAll();
  });

  it('lists every violation no call awaited at closeAll', async () => {
    client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect();
    await socket.raw.emitWithAck('misbehave', 'bad tick');
    await socket.raw.emitWithAck('misbehave', 'undeclared');
    await assert.rejects(client.closeAll(), (error: AggregateError) => {
      const [tick, surprise] = client.violations;
      assert.deepEqual(error.errors, [tick, surprise]);
      assert.equal(error.message, testingMessages.unreported(2, [tick!.message, surprise!.message]));
      return true;
    });
  });

  it('collects violations in collect mode, still delivering the messages, until expectNoViolations', async () => {
    client = createTestClient({ document: CONTRACT, url: t.url(), violations: 'collect' });
    const socket = await client.connect();
    assert.deepEqual(await socket.emitWithAck('misbehave', 'bad ack'), { done: 'yes' });
    await socket.emitWithAck('misbehave', 'bad tick');
    assert.deepEqual(await socket.waitFor('tick'), { n: 'one' });
    assert.deepEqual(
      client.violations.map((v) => [v.kind, v.event, v.pointer]),
      [
        ['server ack', 'misbehave', '/done'],
        ['server event', 'tick', '/n'],
      ],
    );
    assert.throws(
      () => client.expectNoViolations(),
      (error: AggregateError) => {
        assert.equal(
          error.message,
          testingMessages.collected(
            2,
            error.errors.map((e: Error) => e.message),
          ),
        );
        return true;
      },
    );
    client.expectNoViolations();
    await client.closeAll();
  });
});

describe('nestjs-asynction/testing: strict mode checks what the client sends', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(contractApp());
  });
  after(() => t.close());

  it('throws at a wrong client emit and sends nothing', async () => {
    const client = createTestClient({ document: CONTRACT, url: t.url(), strict: true });
    const socket = await client.connect();
    assert.throws(() => socket.emit('echo', { text: 5 }), violation('client message', 'echo', '/text', '{"text":5}'));
    await assert.rejects(socket.emitWithAck('echo', {}), violation('client message', 'echo', ''));
    assert.throws(
      () => socket.emit('shout', 'hi'),
      (error: Error) => {
        assert.equal(
          error.message,
          testingMessages.violation(
            'undeclared client event',
            '/',
            'shout',
            testingMessages.undeclaredClientEvent('/'),
            '"hi"',
          ),
        );
        return true;
      },
    );
    assert.deepEqual(await socket.emitWithAck('echo', { text: 'ok' }), { text: 'ok' });
    // Nothing invalid reached the server: it would have answered with an `exception` before this ack.
    const echo = client.coverage.data().find((e) => e.event === 'echo')!;
    assert.deepEqual([echo.sent, echo.acked, echo.errors], [1, 1, 0]);
    await client.closeAll();
  });

  it('quotes at most 200 characters of an offending value', async () => {
    const client = createTestClient({ document: CONTRACT, url: t.url(), strict: true });
    const socket = await client.connect();
    const payload = { text: 5, padding: 'x'.repeat(1000) };
    const json = JSON.stringify(payload);
    assert.throws(
      () => socket.emit('echo', payload),
      violation('client message', 'echo', '/text', `${json.slice(0, 200)}... (${json.length} characters)`),
    );
    await client.closeAll();
  });

  it('catches a wrong client acknowledgement', async () => {
    const client = createTestClient({ document: CONTRACT, url: t.url(), strict: true });
    const socket = await client.connect();
    socket.on('question', (_question: string, answer: (reply: unknown) => void) => answer({ answer: 42 }));
    await assert.rejects(socket.emitWithAck('misbehave', 'question'), violation('client ack', 'question', '/answer'));
    // The reply was still sent: this round trip after it lets the server's emitWithAck settle before the app closes.
    await socket.emitWithAck('echo', { text: 'flush' });
    await client.closeAll();
  });
});

describe('nestjs-asynction/testing: connections', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(contractApp());
  });
  after(() => t.close());

  it('expectRefused resolves with the refusal, and rejects when the connection is accepted', async () => {
    const client = createTestClient({ document: CONTRACT, url: t.url() });
    const refused = await client.expectRefused('/private');
    assert.equal(refused.message, clientMessages.connectRefused('/private', PRIVATE_REFUSAL));
    await assert.rejects(client.expectRefused('/'), { message: testingMessages.notRefused('/') });
    await assert.rejects(client.connect('/private'), {
      message: testingMessages.connectFailed('/private', t.url(), refused.message),
    });
    await client.closeAll();
  });

  it('waitFor and emitWithAck time out naming the event; waitFor rejects when the socket closes', async () => {
    const client = createTestClient({ document: CONTRACT, url: t.url(), timeout: 50 });
    const socket = await client.connect();
    await assert.rejects(socket.emitWithAck('misbehave', 'silence'), {
      message: testingMessages.ackTimeout('/', 'misbehave', 50),
    });
    await assert.rejects(socket.waitFor('tick'), { message: testingMessages.waitTimeout('/', 'tick', 50) });
    const waiting = socket.waitFor('tick', { timeout: 60_000 });
    await socket.close();
    await assert.rejects(waiting, { message: testingMessages.closed('/', 'tick') });
    await client.closeAll();
  });

  it('refuses a document that cannot be served, and a client without a target', () => {
    assert.throws(() => createTestClient({ document: CONTRACT }), { message: testingMessages.noTarget() });
    assert.throws(() => createTestClient({ document: fixtureMissing(), url: t.url() }), { name: 'AsynctionSpecError' });
  });
});

function fixtureMissing(): string {
  return `${CONTRACT}.missing`;
}
