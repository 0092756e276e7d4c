import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import { assertRefused, principalOf, reason, ScopeVerifier, TOKENS, TokenVerifier } from './support.js';

@Injectable()
class WhoAmI {
  @AsyncOperation('reader.whoami')
  @AsyncOperation('writer.whoami')
  @AsyncOperation('profile.whoami')
  @AsyncOperation('admin.whoami')
  whoami(_text: string, socket: Socket): unknown {
    return principalOf(socket);
  }
}

describe('security: oauth2 and openIdConnect, with required scopes', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('security/oauth2.yaml'))], [TokenVerifier, ScopeVerifier, WhoAmI]),
    );
  });
  after(() => t.close());
  const bearer = (token: string) => ({ extraHeaders: { authorization: `Bearer ${token}` } });

  it('the token info is the principal; its scopes are read from "scope" (a string) or "scopes" (an array)', async () => {
    assert.deepEqual(await request(await t.connect('/reader', bearer('reader')), 'whoami', 'hi'), TOKENS.reader);
    assert.deepEqual(
      await request(await t.connect('/reader', { auth: { token: 'writer' } }), 'whoami', 'hi'),
      TOKENS.writer,
    );
    assert.deepEqual(await request(await t.connect('/writer', bearer('writer')), 'whoami', 'hi'), TOKENS.writer);
  });

  it('refuses a token without every required scope, naming the missing ones', async () => {
    await assertRefused(t.url('/writer'), bearer('reader'), '/writer', [
      { requirement: 'oauth', reason: clientMessages.scopesMissing(['write']) },
    ]);
    await assertRefused(t.url('/writer'), bearer('admin'), '/writer', [
      { requirement: 'oauth', reason: clientMessages.scopesMissing(['read', 'write']) },
    ]);
  });

  it('refuses no token, an unknown one, and a malformed one', async () => {
    const failures = (r: string) => [{ requirement: 'oauth', reason: r }];
    await assertRefused(t.url('/reader'), {}, '/reader', failures(reason.missing));
    await assertRefused(t.url('/reader'), bearer('forged'), '/reader', failures(reason.rejected));
    await assertRefused(t.url('/reader'), bearer('two words'), '/reader', failures(reason.malformed));
    await assertRefused(
      t.url('/reader'),
      { extraHeaders: { authorization: 'Bearer' } },
      '/reader',
      failures(reason.malformed),
    );
  });

  it('openIdConnect: the same bearer token and scope rules', async () => {
    assert.deepEqual(await request(await t.connect('/profile', bearer('admin')), 'whoami', 'hi'), TOKENS.admin);
    await assertRefused(t.url('/profile'), bearer('reader'), '/profile', [
      { requirement: 'oidc', reason: clientMessages.scopesMissing(['profile']) },
    ]);
  });

  it('x-scopeValidateFunc decides instead of the built-in rule', async () => {
    assert.deepEqual(await request(await t.connect('/admin', bearer('boss')), 'whoami', 'hi'), TOKENS.boss);
    // "admin" holds the admin scope, but the custom rule grants it only to the boss.
    await assertRefused(t.url('/admin'), bearer('admin'), '/admin', [
      { requirement: 'oauthCustomScopes', reason: clientMessages.scopesRejected },
    ]);
  });
});
