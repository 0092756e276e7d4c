import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AsynctionModule } from '../../lib/index.js';
import { fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import {
  ApiKeyVerifier,
  assertRefused,
  basic,
  BasicVerifier,
  BearerVerifier,
  calls,
  GOOD,
  HttpSchemesHandlers,
  reason,
} from './support.js';

const HTTP = fixture('security/http-schemes.yaml');

const both = (basicReason: string, bearerReason: string) => [
  { requirement: 'basic', reason: basicReason },
  { requirement: 'bearer', reason: bearerReason },
];

describe('security: http basic and bearer (server security, requirements OR-ed)', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule([AsynctionModule.forRoot(HTTP)], [BasicVerifier, BearerVerifier, ApiKeyVerifier, HttpSchemesHandlers]),
    );
  });
  after(() => t.close());
  const auth = (authorization: string) => ({ extraHeaders: { authorization } });

  it('accepts good basic credentials; the principal reaches the handler and the connect handler', async () => {
    const handlers = t.app.get(HttpSchemesHandlers);
    const socket = await t.connect('/', auth(basic(GOOD.user, GOOD.password)));
    assert.deepEqual(await request(socket, 'whoami', 'hi'), { user: 'alice', via: 'basic' });
    assert.deepEqual(handlers.connected.at(-1), { user: 'alice', via: 'basic' });
  });

  it('accepts a good bearer token in the Authorization header and in handshake.auth.token', async () => {
    const expected = { user: 'bob', via: 'bearer', format: 'JWT' };
    assert.deepEqual(await request(await t.connect('/', auth(`Bearer ${GOOD.token}`)), 'whoami', 'hi'), expected);
    assert.deepEqual(await request(await t.connect('/', auth(`bearer   ${GOOD.token}`)), 'whoami', 'hi'), expected);
    assert.deepEqual(await request(await t.connect('/', { auth: { token: GOOD.token } }), 'whoami', 'hi'), expected);
  });

  it('refuses a connection without credentials, naming each requirement', async () => {
    await assertRefused(t.url('/'), {}, '/', both(reason.missing, reason.missing));
  });

  it('refuses wrong credentials without saying what was wrong with them', async () => {
    await assertRefused(t.url('/'), auth(basic(GOOD.user, 'wrong')), '/', both(reason.rejected, reason.missing));
    await assertRefused(t.url('/'), auth(basic('mallory', GOOD.password)), '/', both(reason.rejected, reason.missing));
    await assertRefused(t.url('/'), auth('Bearer wrong-token'), '/', both(reason.missing, reason.rejected));
    await assertRefused(t.url('/'), { auth: { token: 'wrong-token' } }, '/', both(reason.missing, reason.rejected));
  });

  it('a verifier that throws refuses the credential; its error stays on the server', async () => {
    await assertRefused(t.url('/'), auth('Bearer explode'), '/', both(reason.missing, reason.rejected));
  });

  it('refuses each malformed Authorization header as malformed, never as an exception', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const malformedBasic: Array<[string, string]> = [
      [`Basic${b64(`${GOOD.user}:${GOOD.password}`)}`, 'no space after the scheme word'],
      ['Basic', 'a scheme word alone'],
      ['Basic !!!not-base64!!!', 'bad base64'],
      [`Basic ${b64(`${GOOD.user}:pw`).replace(/=+$/, '')}`, 'base64 without its padding'],
      [`Basic ${b64(`:${GOOD.password}`)}`, 'empty user'],
      [`Basic ${b64(`${GOOD.user}:`)}`, 'empty password'],
      [`Basic ${b64(`${GOOD.user}pw`)}`, 'no colon'],
      [`Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`, 'not UTF-8'],
      [`Basic ${b64(`${GOOD.user}:pass\u0000word`)}`, 'a control character'],
    ];
    for (const [header, what] of malformedBasic) {
      const bearerReason = /^basic /i.test(header) ? reason.missing : reason.malformed;
      await assertRefused(t.url('/'), auth(header), '/', both(reason.malformed, bearerReason)).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    }
    await assertRefused(t.url('/'), auth('Token abc'), '/', both(reason.malformed, reason.malformed));
    await assertRefused(t.url('/'), auth('Bearer not a token'), '/', both(reason.missing, reason.malformed));
    await assertRefused(t.url('/'), { auth: { token: 42 } }, '/', both(reason.missing, reason.malformed));
    await assertRefused(t.url('/'), { auth: { token: '' } }, '/', both(reason.missing, reason.malformed));
  });

  it('a credential for another registered scheme is not malformed, only absent', async () => {
    await assertRefused(t.url('/'), auth('Digest username="alice"'), '/', both(reason.missing, reason.missing));
  });

  it('never reaches the connect handler or a message handler when it refuses', async () => {
    const before = { ...calls };
    await assertRefused(t.url('/'), auth(basic(GOOD.user, 'wrong')), '/', both(reason.rejected, reason.missing));
    assert.equal(calls.connect, before.connect);
    assert.equal(calls.handler, before.handler);
    assert.equal(calls.verifier, before.verifier + 1);
  });
});

describe('security: httpApiKey in query, header and cookie (channel x-security replaces the server)', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule([AsynctionModule.forRoot(HTTP)], [BasicVerifier, BearerVerifier, ApiKeyVerifier, HttpSchemesHandlers]),
    );
  });
  after(() => t.close());
  const carol = (scheme: string) => ({ user: 'carol', via: scheme });

  it('query: accepted with the key, refused without, with a wrong or an empty one', async () => {
    assert.deepEqual(
      await request(await t.connect('/query-key', { query: { api_key: GOOD.apiKey } }), 'whoami', 'hi'),
      carol('queryKey'),
    );
    const failures = (r: string) => [{ requirement: 'queryKey', reason: r }];
    await assertRefused(t.url('/query-key'), {}, '/query-key', failures(reason.missing));
    await assertRefused(t.url('/query-key'), { query: { api_key: 'nope' } }, '/query-key', failures(reason.rejected));
    await assertRefused(t.url('/query-key'), { query: { api_key: '' } }, '/query-key', failures(reason.malformed));
    // The server's basic credentials do not open a namespace whose channel requires something else.
    await assertRefused(
      t.url('/query-key'),
      { extraHeaders: { authorization: basic(GOOD.user, GOOD.password) } },
      '/query-key',
      failures(reason.missing),
    );
  });

  it('header: the name is case-insensitive; refused without, with a wrong key', async () => {
    assert.deepEqual(
      await request(await t.connect('/header-key', { extraHeaders: { 'x-api-key': GOOD.apiKey } }), 'whoami', 'hi'),
      carol('headerKey'),
    );
    assert.deepEqual(
      await request(await t.connect('/header-key', { extraHeaders: { 'X-API-KEY': GOOD.apiKey } }), 'whoami', 'hi'),
      carol('headerKey'),
    );
    const failures = (r: string) => [{ requirement: 'headerKey', reason: r }];
    await assertRefused(t.url('/header-key'), {}, '/header-key', failures(reason.missing));
    await assertRefused(
      t.url('/header-key'),
      { extraHeaders: { 'x-api-key': 'nope' } },
      '/header-key',
      failures(reason.rejected),
    );
    await assertRefused(
      t.url('/header-key'),
      { query: { 'X-API-Key': GOOD.apiKey } },
      '/header-key',
      failures(reason.missing),
    );
  });

  it('cookie: found among other cookies, quoted or not; refused without, with a wrong or an empty one', async () => {
    const cookie = (value: string) => ({ extraHeaders: { cookie: value } });
    assert.deepEqual(
      await request(await t.connect('/cookie-key', cookie(`theme=dark; session=${GOOD.apiKey}`)), 'whoami', 'hi'),
      carol('cookieKey'),
    );
    assert.deepEqual(
      await request(await t.connect('/cookie-key', cookie(`session="${GOOD.apiKey}"`)), 'whoami', 'hi'),
      carol('cookieKey'),
    );
    const failures = (r: string) => [{ requirement: 'cookieKey', reason: r }];
    await assertRefused(t.url('/cookie-key'), cookie('theme=dark'), '/cookie-key', failures(reason.missing));
    await assertRefused(t.url('/cookie-key'), cookie('session=nope'), '/cookie-key', failures(reason.rejected));
    await assertRefused(t.url('/cookie-key'), cookie('session='), '/cookie-key', failures(reason.malformed));
  });
});
