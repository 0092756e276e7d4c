import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import { fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import { ApiKeyVerifier, assertRefused, BasicVerifier, GOOD, principalOf, reason } from './support.js';

@Injectable()
class WhoAmI {
  @AsyncOperation('userPassword.whoami')
  @AsyncOperation('keyAsUser.whoami')
  @AsyncOperation('keyAsPassword.whoami')
  whoami(_text: string, socket: Socket): unknown {
    return principalOf(socket);
  }
}

describe('security: userPassword and apiKey travel in handshake.auth', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(fixture('security/handshake-auth.yaml'))],
        [BasicVerifier, ApiKeyVerifier, WhoAmI],
      ),
    );
  });
  after(() => t.close());

  it('userPassword: accepted with auth.user and auth.password', async () => {
    const socket = await t.connect('/user-password', { auth: { user: GOOD.user, password: GOOD.password } });
    assert.deepEqual(await request(socket, 'whoami', 'hi'), { user: 'alice', via: 'userPassword' });
  });

  it('userPassword: refused with none, wrong ones, and each malformed form', async () => {
    const failures = (r: string) => [{ requirement: 'userPassword', reason: r }];
    await assertRefused(t.url('/user-password'), {}, '/user-password', failures(reason.missing));
    await assertRefused(
      t.url('/user-password'),
      { auth: { user: GOOD.user, password: 'wrong' } },
      '/user-password',
      failures(reason.rejected),
    );
    for (const auth of [
      { user: GOOD.user },
      { password: GOOD.password },
      { user: '', password: GOOD.password },
      { user: GOOD.user, password: '' },
      { user: 1, password: 2 },
      { user: GOOD.user, password: ['a'] },
    ]) {
      await assertRefused(t.url('/user-password'), { auth }, '/user-password', failures(reason.malformed));
    }
    // A Basic header is not how userPassword travels.
    await assertRefused(
      t.url('/user-password'),
      { extraHeaders: { authorization: `Basic ${Buffer.from(`${GOOD.user}:${GOOD.password}`).toString('base64')}` } },
      '/user-password',
      failures(reason.missing),
    );
  });

  it('apiKey "in: user" reads auth.user, "in: password" reads auth.password', async () => {
    assert.deepEqual(await request(await t.connect('/key-as-user', { auth: { user: GOOD.apiKey } }), 'whoami', 'hi'), {
      user: 'carol',
      via: 'keyAsUser',
    });
    assert.deepEqual(
      await request(await t.connect('/key-as-password', { auth: { password: GOOD.apiKey } }), 'whoami', 'hi'),
      { user: 'carol', via: 'keyAsPassword' },
    );
    const failures = (name: string, r: string) => [{ requirement: name, reason: r }];
    await assertRefused(
      t.url('/key-as-user'),
      { auth: { password: GOOD.apiKey } },
      '/key-as-user',
      failures('keyAsUser', reason.missing),
    );
    await assertRefused(
      t.url('/key-as-user'),
      { auth: { user: 'nope' } },
      '/key-as-user',
      failures('keyAsUser', reason.rejected),
    );
    await assertRefused(
      t.url('/key-as-user'),
      { auth: { user: { key: GOOD.apiKey } } },
      '/key-as-user',
      failures('keyAsUser', reason.malformed),
    );
    await assertRefused(
      t.url('/key-as-password'),
      { auth: { password: '' } },
      '/key-as-password',
      failures('keyAsPassword', reason.malformed),
    );
  });

  it('an inherited property of handshake.auth is never a credential', async () => {
    await assertRefused(
      t.url('/key-as-user'),
      { auth: JSON.parse('{"__proto__": {"user": "k-123"}}') as object },
      '/key-as-user',
      [{ requirement: 'keyAsUser', reason: reason.missing }],
    );
  });
});
