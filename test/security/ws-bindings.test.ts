import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionModule, BindingsValidationError, type SchemaViolation } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { connectError, fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';

const BINDINGS = fixture('security/ws-bindings.yaml');

@Injectable()
class Handshakes {
  @AsyncOperation('feed.handshake')
  @AsyncOperation('postOnly.handshake')
  handshake(_text: string, socket: Socket): unknown {
    return { page: socket.handshake.query.page };
  }
}

const version = (v: string) => ({ 'x-client-version': v });

async function assertInvalid(
  t: TestApp,
  namespace: string,
  options: Parameters<typeof connectError>[1],
  errors: SchemaViolation[],
): Promise<void> {
  const error = await connectError(t.url(namespace), options);
  assert.equal(error.message, new BindingsValidationError(namespace, errors).message);
  assert.equal(error.message, clientMessages.connectRefused(namespace, clientMessages.handshakeInvalid(errors)));
  assert.deepEqual((error.data as { errors?: unknown } | undefined)?.errors, errors);
}

describe('handshake bindings (bindings.ws): method, query and headers on connect', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(rootModule([AsynctionModule.forRoot(BINDINGS)], [Handshakes]));
  });
  after(() => t.close());

  it('accepts a handshake that matches; query values are coerced to the schema types, header names case-insensitive', async () => {
    const socket = await t.connect('/feed', {
      query: { page: '2', debug: 'true', tags: 'a' },
      extraHeaders: { 'X-Client-Version': '3' },
    });
    assert.deepEqual(await request(socket, 'handshake', 'hi'), { page: '2' });
  });

  it('names the failing field with a pointer', async () => {
    await assertInvalid(t, '/feed', { query: { page: 'two' }, extraHeaders: version('3') }, [
      { pointer: '/query/page', message: 'must be integer' },
    ]);
    await assertInvalid(t, '/feed', { query: { page: '0' }, extraHeaders: version('3') }, [
      { pointer: '/query/page', message: 'must be >= 1' },
    ]);
    await assertInvalid(t, '/feed', { query: { page: '1', debug: 'yes' }, extraHeaders: version('3') }, [
      { pointer: '/query/debug', message: 'must be boolean' },
    ]);
    await assertInvalid(t, '/feed', { query: { page: '1' }, extraHeaders: version('1') }, [
      { pointer: '/headers/x-client-version', message: 'must be >= 2' },
    ]);
  });

  it('a missing required parameter or header is named, not just its parent', async () => {
    await assertInvalid(t, '/feed', { extraHeaders: version('3') }, [
      { pointer: '/query/page', message: clientMessages.handshakeRequired },
    ]);
    await assertInvalid(t, '/feed', { query: { page: '1' } }, [
      { pointer: '/headers/x-client-version', message: 'is required' },
    ]);
  });

  it("engine.io's own parameters never count as the application's; others are checked by additionalProperties", async () => {
    await assertInvalid(t, '/feed', { query: { page: '1', extra: 'x' }, extraHeaders: version('3') }, [
      { pointer: '/query', message: 'must NOT have additional property "extra"' },
    ]);
  });

  it('refuses a method the binding does not allow (socket.io handshakes are GET)', async () => {
    await assertInvalid(t, '/post-only', {}, [
      { pointer: '/method', message: clientMessages.handshakeMethod('POST', 'GET') },
    ]);
  });
});

describe('handshake bindings are validation: off with validation off, as in Asynction', () => {
  it('connects whatever the handshake', async () => {
    const t = await startApp(
      rootModule([AsynctionModule.forRoot({ spec: BINDINGS, validation: false })], [Handshakes]),
    );
    try {
      assert.deepEqual(await request(await t.connect('/feed'), 'handshake', 'hi'), {});
    } finally {
      await t.close();
    }
  });
});
