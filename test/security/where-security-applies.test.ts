import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable, UseGuards, type CanActivate } from '@nestjs/common';
import type { Socket } from 'socket.io';
import {
  AsyncOperation,
  AsynctionModule,
  Principal,
  type AsynctionModuleOptions,
  type ClientError,
} from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { fixture, nextEvent, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import {
  assertRefused,
  basic,
  BasicVerifier,
  BearerVerifier,
  calls,
  GOOD,
  principalOf,
  reason,
  refusedMessage,
  TokenVerifier,
} from './support.js';

const WHERE = fixture('security/where-security-applies.yaml');
const DIFFER = fixture('security/servers-differ.yaml');
const ALICE = { user: 'alice', via: 'basic' };

class AllowAll implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Injectable()
class Handlers {
  @AsyncOperation('main.whoami')
  @AsyncOperation('bearer.whoami')
  @AsyncOperation('open.whoami')
  whoami(_text: string, socket: Socket): unknown {
    return principalOf(socket);
  }

  connectedWith: unknown[] = [];

  /** `@Principal()` in a connect handler (Nest's enhanced path): the principal is set before the handler runs. */
  @AsyncOperation('bearer.connect')
  connect(_socket: Socket, @Principal() principal: unknown): void {
    this.connectedWith.push(principal);
  }

  @AsyncOperation('ops.read')
  read(text: string, _socket: Socket, @Principal() principal: unknown): unknown {
    calls.handler++;
    return { read: text, principal };
  }

  /** A guard puts this handler on Nest's enhanced path: the principal must reach it there too. */
  @AsyncOperation('ops.write')
  @UseGuards(AllowAll)
  write(text: string, socket: Socket, @Principal() principal: unknown): unknown {
    calls.handler++;
    return { wrote: text, principal, sameAsData: principal === (socket.data as { principal?: unknown }).principal };
  }
}

@Injectable()
class MainOnly {
  @AsyncOperation('main.whoami')
  whoami(_text: string, socket: Socket): unknown {
    return principalOf(socket);
  }
}

const start = (options: Partial<AsynctionModuleOptions> = {}) =>
  startApp(
    rootModule(
      [AsynctionModule.forRoot({ spec: WHERE, ...options })],
      [BasicVerifier, BearerVerifier, TokenVerifier, Handlers],
    ),
  );
const startDiffer = (serverName: string) =>
  startApp(rootModule([AsynctionModule.forRoot({ spec: DIFFER, serverName })], [BasicVerifier, MainOnly]));

describe('security: the server, a channel, an operation', () => {
  let t: TestApp;
  before(async () => {
    t = await start();
  });
  after(() => t.close());
  const alice = { extraHeaders: { authorization: basic(GOOD.user, GOOD.password) } };

  it('servers that all require the same security apply it without serverName', async () => {
    assert.deepEqual(await request(await t.connect('/', alice), 'whoami', 'hi'), ALICE);
    await assertRefused(t.url('/'), {}, '/', [{ requirement: 'basic', reason: reason.missing }]);
  });

  it("a channel's x-security replaces the server's for its namespace; each namespace checks its own", async () => {
    assert.deepEqual(
      await request(await t.connect('/bearer_secured', { auth: { token: GOOD.token } }), 'whoami', 'hi'),
      { user: 'bob', via: 'bearer' },
    );
    assert.deepEqual(t.app.get(Handlers).connectedWith, [{ user: 'bob', via: 'bearer', format: undefined }]);
    await assertRefused(t.url('/bearer_secured'), alice, '/bearer_secured', [
      { requirement: 'bearer', reason: reason.missing },
    ]);
    // Connected to "/" with basic, a client still cannot reach "/bearer_secured" over the same connection.
    const main = await t.connect('/', alice);
    const sibling = main.io.socket('/bearer_secured');
    const error = await new Promise<Error>((resolve) => sibling.once('connect_error', resolve).connect());
    sibling.disconnect();
    assert.equal(error.message, refusedMessage('/bearer_secured', [{ requirement: 'bearer', reason: reason.missing }]));
    assert.ok(main.connected);
  });

  it('an empty x-security opens the namespace: no principal', async () => {
    assert.equal(await request(await t.connect('/open'), 'whoami', 'hi'), null);
  });

  it('operation security is checked per event against what the connection proved, before validation', async () => {
    const writer = await t.connect('/ops', { ...alice, auth: { token: 'writer' } });
    assert.deepEqual(await request(writer, 'read', 'r'), { read: 'r', principal: ALICE });
    assert.deepEqual(await request(writer, 'write', 'w'), { wrote: 'w', principal: ALICE, sameAsData: true });

    const handled = calls.handler;
    const reader = await t.connect('/ops', { ...alice, auth: { token: 'reader' } });
    assert.deepEqual(await request(reader, 'read', 'r'), { read: 'r', principal: ALICE });
    const exception = nextEvent<ClientError>(reader, 'exception');
    const refused = await request<ClientError>(reader, 'write', 42);
    const failures = [{ requirement: 'oauth', reason: clientMessages.scopesMissing(['write']) }];
    const message = clientMessages.eventRefused('/ops', 'write', clientMessages.securityRefused(failures));
    assert.deepEqual(refused, { status: 'error', namespace: '/ops', event: 'write', message, failures });
    assert.deepEqual(await exception, refused);
    assert.equal(calls.handler, handled + 1, 'the refused event reached its handler');

    const anonymous = await t.connect('/ops', alice);
    const noToken = await request<ClientError>(anonymous, 'write', 'w');
    assert.deepEqual(noToken.failures, [{ requirement: 'oauth', reason: reason.missing }]);
    // The connection stays open and keeps working.
    assert.deepEqual(await request(anonymous, 'read', 'still here'), { read: 'still here', principal: ALICE });
  });
});

describe('security: enforced with validation off', () => {
  it('refuses connections and events exactly as with validation on', async () => {
    const t = await start({ validation: false });
    try {
      await assertRefused(t.url('/'), {}, '/', [{ requirement: 'basic', reason: reason.missing }]);
      const socket = await t.connect('/ops', { extraHeaders: { authorization: basic(GOOD.user, GOOD.password) } });
      assert.deepEqual((await request<ClientError>(socket, 'write', 'w')).failures, [
        { requirement: 'oauth', reason: reason.missing },
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('security: serverName selects whose security applies', () => {
  it('the public server requires basic credentials', async () => {
    const t = await startDiffer('public');
    try {
      await assertRefused(t.url('/'), {}, '/', [{ requirement: 'basic', reason: reason.missing }]);
      const socket = await t.connect('/', { extraHeaders: { authorization: basic(GOOD.user, GOOD.password) } });
      assert.deepEqual(await request(socket, 'whoami', 'hi'), ALICE);
    } finally {
      await t.close();
    }
  });

  it('the internal server requires nothing; the unused verifier is not an unknown handler', async () => {
    const t = await startDiffer('internal');
    try {
      assert.equal(await request(await t.connect('/'), 'whoami', 'hi'), null);
    } finally {
      await t.close();
    }
  });
});
