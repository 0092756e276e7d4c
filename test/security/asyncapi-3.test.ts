import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionModule, type ClientError } from '../../lib/index.js';
import { startupMessages, clientMessages } from '../../lib/messages/index.js';
import { fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import { problem, startupProblems } from '../support/startup.js';
import {
  ApiKeyVerifier,
  assertRefused,
  basic,
  BasicVerifier,
  BearerVerifier,
  GOOD,
  principalOf,
  reason,
  TokenVerifier,
} from './support.js';

const V3 = fixture('security/asyncapi-3.yaml');
const V3_PROBLEMS = fixture('security/asyncapi-3-problems.yaml');

@Injectable()
class Handlers {
  @AsyncOperation('main.whoami')
  @AsyncOperation('admin.whoami')
  whoami(_text: string, socket: Socket): unknown {
    return principalOf(socket);
  }

  @AsyncOperation('main.write')
  write(text: string): string {
    return `wrote ${text}`;
  }
}

describe('security in AsyncAPI 3: servers and operations list Security Scheme objects', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(V3)],
        [BasicVerifier, BearerVerifier, ApiKeyVerifier, TokenVerifier, Handlers],
      ),
    );
  });
  after(() => t.close());

  it("the server's list: any one scheme admits the connection", async () => {
    assert.deepEqual(
      await request(
        await t.connect('/', { extraHeaders: { authorization: basic(GOOD.user, GOOD.password) } }),
        'whoami',
        'hi',
      ),
      { user: 'alice', via: 'basic' },
    );
    assert.deepEqual(await request(await t.connect('/', { query: { api_key: GOOD.apiKey } }), 'whoami', 'hi'), {
      user: 'carol',
      via: 'apiKey',
    });
    await assertRefused(t.url('/'), { query: { api_key: 'nope' } }, '/', [
      { requirement: 'basic', reason: reason.missing },
      { requirement: 'apiKey', reason: reason.rejected },
    ]);
  });

  it("a channel's x-security (inline schemes) replaces the server's", async () => {
    assert.deepEqual(await request(await t.connect('/admin', { auth: { token: GOOD.token } }), 'whoami', 'hi'), {
      user: 'bob',
      via: '#/channels/admin/x-security/0',
    });
    await assertRefused(t.url('/admin'), { query: { api_key: GOOD.apiKey } }, '/admin', [
      { requirement: '#/channels/admin/x-security/0', reason: reason.missing },
    ]);
  });

  it("an operation's security, with the scopes its scheme object lists, is checked per event", async () => {
    const writer = await t.connect('/', { query: { api_key: GOOD.apiKey }, auth: { token: 'writer' } });
    assert.equal(await request(writer, 'write', 'w'), 'wrote w');
    const reader = await t.connect('/', { query: { api_key: GOOD.apiKey }, auth: { token: 'reader' } });
    const refused = await request<ClientError>(reader, 'write', 'w');
    assert.deepEqual(refused.failures, [
      { requirement: '#/operations/main.write/security/0', reason: clientMessages.scopesMissing(['write']) },
    ]);
    assert.deepEqual(await request(reader, 'whoami', 'unsecured events still pass'), { user: 'carol', via: 'apiKey' });
  });
});

describe('security in AsyncAPI 3: startup problems', () => {
  it('unsupported types, scopes where none may be, undeclared scopes, inline schemes without a verifier', async () => {
    const problems = await startupProblems(
      rootModule([AsynctionModule.forRoot(V3_PROBLEMS)], [BasicVerifier, Handlers]),
    );
    const operation = '#/operations/main.write/security/0';
    for (const expected of [
      problem(
        V3_PROBLEMS,
        '#/components/securitySchemes/cert',
        startupMessages.securityTypeUnsupported('cert', 'X509'),
      ),
      problem(
        V3_PROBLEMS,
        '#/servers/local/security/1/scopes',
        startupMessages.securityScopesNotAllowed('#/servers/local/security/1', 'http'),
      ),
      problem(
        V3_PROBLEMS,
        `${operation}/scopes`,
        startupMessages.securityScopeUndeclared('delete', operation, ['write']),
      ),
      problem(V3_PROBLEMS, operation, startupMessages.securityVerifierMissing(operation, 'x-tokenInfoFunc')),
    ]) {
      assert.ok(
        problems.some((p) => JSON.stringify(p) === JSON.stringify(expected)),
        `not reported: ${expected.at.pointer}: ${expected.message}`,
      );
    }
  });
});
