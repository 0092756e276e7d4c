import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChatModule } from '../../sample/chat/app.module.js';
import { AppModule as AccountServiceModule } from '../../sample/account-service/app.module.js';
import { connectError, nextEvent, request, startApp, type TestApp } from '../support/harness.js';

describe('sample/account-service (the first Asynction README example)', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(AccountServiceModule);
  });
  after(() => t.close());

  it('handles "signedup" in /user and routes invalid payloads to the namespace error handler', async () => {
    const socket = await t.connect('/user');
    assert.deepEqual(await request(socket, 'signedup', { displayName: 'Ann', email: 'ann@example.com' }), { ok: true });
    const refused = await request<{ ok: boolean; error: string }>(socket, 'signedup', {
      displayName: 'Ann',
      email: 'not-an-email',
    });
    assert.equal(refused.ok, false);
    assert.match(refused.error, /\/email must match format "email"/);
  });
});

describe('sample/chat', () => {
  let t: TestApp;
  before(async () => {
    process.env.METRIC_INTERVAL_MS = '50';
    t = await startApp(ChatModule);
  });
  after(() => t.close());

  it('joins with an ack, broadcasts messages and presence to the others', async () => {
    const [ann, bob] = await Promise.all([t.connect(), t.connect()]);
    const login = nextEvent(ann, 'login');
    assert.deepEqual(await request(ann, 'add user', 'ann'), { error: null, numUsers: 1 });
    assert.deepEqual(await login, { numUsers: 1 });
    const joined = nextEvent(ann, 'user joined');
    await request(bob, 'add user', 'bob');
    assert.deepEqual(await joined, { username: 'bob', numUsers: 2 });
    const said = nextEvent(bob, 'new message');
    ann.emit('new message', 'hello bob');
    assert.deepEqual(await said, { username: 'ann', message: 'hello bob' });
    const typing = nextEvent(ann, 'typing');
    bob.emit('typing');
    assert.deepEqual(await typing, { username: 'bob' });
    const left = nextEvent(ann, 'user left');
    bob.disconnect();
    assert.deepEqual(await left, { username: 'bob', numUsers: 1 });
  });

  it('refuses an empty username through the ack', async () => {
    const socket = await t.connect();
    const ack = await request<{ status: string; errors: unknown[] }>(socket, 'add user', '');
    assert.equal(ack.status, 'error');
  });

  it('streams metrics to /admin only with the token', async () => {
    const refused = await connectError(t.url('/admin'));
    assert.match(refused.message, /a valid \?token= is required/);
    const admin = await t.connect('/admin', { query: { token: 'admin' } });
    const metric = await nextEvent<{ name: string; value: number }>(admin, 'server metric');
    assert.equal(metric.name, 'rss_bytes');
    assert.ok(metric.value > 0);
  });
});
