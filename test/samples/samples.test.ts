import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Type } from '@nestjs/common';
import { ContractCoverage, createTestClient, type AsynctionTestClient } from '../../lib/testing/index.js';
import { startApp, type TestApp } from '../support/harness.js';
import { codeBlocksOf } from '../support/markdown.js';
import { Sandbox } from '../support/sandbox.js';
import { loadSample } from '../support/samples.js';

describe('sample/account-service (the first Asynction README example)', () => {
  let t: TestApp;
  let client: AsynctionTestClient;
  before(async () => {
    t = await startApp((await loadSample('account-service/app.module.js')).AppModule!);
    client = createTestClient({
      document: { spec: './sample/account-service/asyncapi', perspective: 'application' },
      app: t.app,
      // The namespace's error handler answers refusals with { ok: false, error }.
      isErrorAck: (ack) => (ack as { ok?: unknown } | undefined)?.ok === false,
    });
  });
  after(async () => {
    await client.closeAll();
    await t.close();
  });

  it('handles "signedup" in /user and routes invalid payloads to the namespace error handler', async () => {
    const socket = await client.connect('/user');
    assert.deepEqual(await socket.emitWithAck('signedup', { displayName: 'Ann', email: 'ann@example.com' }), {
      ok: true,
    });
    const refused = (await socket.emitWithAck('signedup', { displayName: 'Ann', email: 'not-an-email' })) as {
      ok: boolean;
      error: string;
    };
    assert.equal(refused.ok, false);
    assert.match(refused.error, /\/email must match format "email"/);
  });

  it('exercises the whole contract', () => {
    client.coverage.expectFullCoverage();
  });
});

describe('sample/chat', () => {
  let t: TestApp;
  const coverage = new ContractCoverage();
  /** Strict: what the users send is checked too. */
  let users: AsynctionTestClient;
  /** Not strict: sends what the document refuses, to reach the error path. */
  let intruder: AsynctionTestClient;
  /** The sample's `CHAT_DEV_ORIGINS`. */
  let devOrigins: readonly string[] = [];
  before(async () => {
    process.env.METRIC_INTERVAL_MS = '50';
    const chat = await loadSample<{ ChatModule: Type<unknown>; CHAT_DEV_ORIGINS: readonly string[] }>(
      'chat/app.module.js',
    );
    devOrigins = chat.CHAT_DEV_ORIGINS;
    t = await startApp(chat.ChatModule);
    const document = './sample/chat/asyncapi.yaml';
    users = createTestClient({ document, app: t.app, coverage, strict: true });
    intruder = createTestClient({ document, app: t.app, coverage });
  });
  after(async () => {
    await Promise.all([users.closeAll(), intruder.closeAll()]);
    await t.close();
  });

  it('joins with an ack, broadcasts messages and presence to the others', async () => {
    const [ann, bob] = await Promise.all([users.connect(), users.connect()]);
    assert.deepEqual(await ann.emitWithAck('add user', 'ann'), { error: null, numUsers: 1 });
    assert.deepEqual(await ann.waitFor('login'), { numUsers: 1 });
    assert.deepEqual(await bob.emitWithAck('add user', 'bob'), { error: null, numUsers: 2 });
    assert.deepEqual(await ann.waitFor('user joined'), { username: 'bob', numUsers: 2 });
    assert.deepEqual(await bob.emitWithAck('add user', 'bob'), { error: 'already joined' });
    ann.emit('new message', 'hello bob');
    assert.deepEqual(await bob.waitFor('new message'), { username: 'ann', message: 'hello bob' });
    bob.emit('typing');
    assert.deepEqual(await ann.waitFor('typing'), { username: 'bob' });
    bob.emit('stop typing');
    assert.deepEqual(await ann.waitFor('stop typing'), { username: 'bob' });
    bob.disconnect();
    assert.deepEqual(await ann.waitFor('user left'), { username: 'bob', numUsers: 1 });
  });

  it('serves its document as a page at /docs', async () => {
    const page = await fetch(t.url('/docs'));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Chat<\/title>/);
  });

  it('refuses an empty username through the ack, and an empty message with the exception event', async () => {
    const socket = await intruder.connect();
    const ack = (await socket.emitWithAck('add user', '')) as { status: string; event: string };
    assert.deepEqual([ack.status, ack.event], ['error', 'add user']);
    socket.emit('new message', '');
    const exception = (await socket.waitFor('exception')) as { event: string };
    assert.equal(exception.event, 'add user');
    assert.equal(((await socket.waitFor('exception')) as { event: string }).event, 'new message');
  });

  it('streams metrics to /admin only with the token', async () => {
    const refused = await users.expectRefused('/admin');
    assert.match(refused.message, /a valid \?token= is required/);
    const admin = await users.connect('/admin', { query: { token: 'admin' } });
    const metric = (await admin.waitFor('server metric')) as { name: string; value: number };
    assert.equal(metric.name, 'rss_bytes');
    assert.ok(metric.value > 0);
  });

  it('answers a polling handshake from the local dev origins with CORS headers, and no other origin', async () => {
    const handshake = (origin: string) =>
      fetch(`${t.url()}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: origin } });
    assert.ok(devOrigins.length > 0);
    for (const origin of devOrigins) {
      const answer = await handshake(origin);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('access-control-allow-origin'), origin);
      assert.match(await answer.text(), /"sid"/);
    }
    const foreign = await handshake('http://evil.example:5173');
    await foreign.text();
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it('runs the client of docs/samples.md: it joins, reads a metric and ends by itself', async () => {
    const [client] = codeBlocksOf('docs/samples.md').filter((block) => block.section === 'A client');
    assert.equal(client?.lang, 'ts');
    const sandbox = new Sandbox();
    try {
      sandbox.write('client.ts', client.code);
      sandbox.write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', target: 'ES2022' } }));
      const compiled = sandbox.tsc('-p', '.', '--strict', '--types', 'node');
      assert.equal(compiled.status, 0, compiled.output);
      const run = sandbox.node('client.js', { PORT: String(t.port) });
      assert.equal(await run.exitWithin(), 0, `${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /^\{ error: null, numUsers: \d+ \}\n/);
      assert.match(run.stdout, /\{ name: 'rss_bytes', value: \d+ \}\n$/);
    } finally {
      sandbox.remove();
    }
  });

  it('exercises the whole contract (the coverage table is printed as a diagnostic)', (test) => {
    for (const line of coverage.table().split('\n')) test.diagnostic(line);
    // "typing" and "stop typing" take any payload and their handlers never fail: no error path to reach.
    coverage.expectFullCoverage({
      except: [
        { event: 'typing', check: 'error' },
        { event: 'stop typing', check: 'error' },
      ],
    });
  });
});
