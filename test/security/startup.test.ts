import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable, type Type } from '@nestjs/common';
import { AsyncOperation, AsynctionModule, type SpecProblem } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { fixture, rootModule } from '../support/harness.js';
import { problem, sorted, startupProblems } from '../support/startup.js';
import { ApiKeyVerifier, BasicVerifier, BearerVerifier, HttpSchemesHandlers, TokenVerifier } from './support.js';

const REQUIREMENTS = fixture('security/startup-requirements.yaml');
const SCHEMES = fixture('security/startup-schemes.yaml');
const CHANNELS = fixture('security/startup-channels.yaml');
const DIFFER = fixture('security/servers-differ.yaml');
const HTTP = fixture('security/http-schemes.yaml');

/** One method for every operation id the startup fixtures declare. */
@Injectable()
class Operations {
  @AsyncOperation('main.whoami')
  @AsyncOperation('chat.send')
  @AsyncOperation('chat.typing')
  @AsyncOperation('feed.read')
  handle(): void {}
}

const problemsOf = (spec: string, providers: Type[], serverName?: string) =>
  startupProblems(rootModule([AsynctionModule.forRoot({ spec, serverName })], providers));

/** Each expected problem is reported, once; the official schema check may report more about the same place. */
function assertIncludes(problems: readonly SpecProblem[], expected: SpecProblem[]): void {
  for (const p of expected) {
    assert.equal(
      problems.filter((q) => q.at.pointer === p.at.pointer && q.message === p.message).length,
      1,
      `not reported once: ${p.at.pointer}: ${p.message}`,
    );
    assert.ok(
      problems.some((q) => JSON.stringify(q) === JSON.stringify(p)),
      `not reported as expected: ${p.at.pointer}: ${p.message}`,
    );
  }
}

describe('security: every problem with the document is a startup error, reported together', () => {
  it('requirements that name undeclared schemes, scopes where none may be, undeclared scopes, lists that are not lists', async () => {
    const declared = ['basic', 'oauth'];
    assert.deepEqual(
      sorted(await problemsOf(REQUIREMENTS, [Operations, BasicVerifier, TokenVerifier])),
      sorted([
        problem(
          REQUIREMENTS,
          '#/servers/main/security/0/nosuch',
          startupMessages.securitySchemeUndeclared('nosuch', declared),
        ),
        problem(
          REQUIREMENTS,
          '#/servers/main/security/1/basic',
          startupMessages.securityScopesNotAllowed('basic', 'http'),
        ),
        problem(
          REQUIREMENTS,
          '#/servers/main/security/2/oauth',
          startupMessages.securityScopeUndeclared('delete', 'oauth', ['read']),
        ),
        problem(
          REQUIREMENTS,
          '#/channels/~1/publish/security/0/missing',
          startupMessages.securitySchemeUndeclared('missing', declared),
        ),
        problem(REQUIREMENTS, '#/channels/~1listless/x-security', startupMessages.securityRequirementInvalid()),
        problem(
          REQUIREMENTS,
          '#/channels/~1typo/x-security/0/basci',
          startupMessages.securitySchemeUndeclared('basci', declared),
        ),
      ]),
    );
  });

  it('schemes a connection is held to: types socket.io cannot check, no verifier; the fields each type needs, once', async () => {
    const at = (name: string, ...rest: string[]) => ['#/components/securitySchemes', name, ...rest].join('/');
    const problems = await problemsOf(SCHEMES, [Operations, BasicVerifier, ApiKeyVerifier, TokenVerifier]);
    assertIncludes(problems, [
      problem(SCHEMES, at('digest'), startupMessages.securityHttpSchemeUnsupported('digest', 'digest')),
      problem(SCHEMES, at('cert'), startupMessages.securityTypeUnsupported('cert', 'X509')),
      problem(SCHEMES, at('scram'), startupMessages.securityTypeUnsupported('scram', 'scramSha256')),
      problem(
        SCHEMES,
        at('basicNoVerifier'),
        startupMessages.securityVerifierMissing('basicNoVerifier', 'x-basicInfoFunc'),
      ),
    ]);
    // What the official JSON Schema requires of each type is reported by its check, exactly once per missing field.
    const required: Array<[string, string]> = [
      [at('httpNoScheme'), '"scheme"'],
      [at('apiKeyNowhere'), '"in"'],
      [at('apiKeyNowhere'), '"name"'],
      [at('apiKeyInQuery', 'in'), '"query"'],
      [at('oauthNoFlows'), '"flows"'],
      [at('oauthNoUrls', 'flows', 'implicit'), '"authorizationUrl"'],
      [at('oauthNoUrls', 'flows', 'authorizationCode'), '"tokenUrl"'],
      [at('oidcNoUrl'), '"openIdConnectUrl"'],
    ];
    for (const [pointer, field] of required) {
      const found = problems.filter(
        (p) => p.at.file === SCHEMES && p.at.pointer === pointer && p.message.includes(field),
      );
      assert.equal(found.length, 1, `${pointer}: ${field} reported ${found.length} times`);
    }
    // A scheme no connection is held to may be of any type.
    assert.ok(!problems.some((p) => p.message.includes('unusedGssapi')), 'an unused scheme was reported');
  });

  it('servers that require different security, without serverName to say which one this is', async () => {
    assert.deepEqual(await problemsOf(DIFFER, [Operations, BasicVerifier]), [
      problem(DIFFER, '#/servers', startupMessages.serversSecurityDiffer(['public', 'internal'])),
    ]);
  });

  it('two channels of one namespace that disagree; WebSockets bindings socket.io cannot honour', async () => {
    assertIncludes(await problemsOf(CHANNELS, [Operations, BasicVerifier, BearerVerifier]), [
      problem(
        CHANNELS,
        '#/channels/chat~1typing/x-security',
        startupMessages.channelSettingsDiffer('/chat', { file: CHANNELS, pointer: '#/channels/chat~1send/x-security' }),
      ),
      problem(CHANNELS, '#/channels/~1feed/bindings/ws/method', startupMessages.bindingsMethodInvalid('PUT')),
      problem(CHANNELS, '#/channels/~1feed/bindings/ws/query', startupMessages.bindingsSchemaNotObject('query')),
    ]);
  });

  it('a verifying method the document names but no provider has, reported with the binding problems', async () => {
    const schemes = '#/components/securitySchemes';
    assert.deepEqual(
      sorted(await problemsOf(HTTP, [HttpSchemesHandlers])),
      sorted([
        problem(
          HTTP,
          `${schemes}/basic/x-basicInfoFunc`,
          startupMessages.missingHandler('auth.basic', 'x-basicInfoFunc of security scheme "basic"'),
        ),
        problem(
          HTTP,
          `${schemes}/bearer/x-bearerInfoFunc`,
          startupMessages.missingHandler('auth.bearer', 'x-bearerInfoFunc of security scheme "bearer"'),
        ),
        problem(
          HTTP,
          `${schemes}/queryKey/x-apiKeyInfoFunc`,
          startupMessages.missingHandler('auth.apiKey', 'x-apiKeyInfoFunc of security scheme "queryKey"'),
        ),
      ]),
    );
  });
});
