import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AsynctionModule } from '../../lib/index.js';
import { AsynctionRuntime } from '../../lib/gateway/asynction.runtime.js';
import { GATEWAYS_NAMESPACE } from '../../lib/gateway/gateway.factory.js';
import { Manager } from 'socket.io-client';
import { rootModule, startApp, type TestApp } from '../support/harness.js';
import { serveRuntime } from './handlers.js';

/**
 * A document namespace's sockets carry only what the runtime puts on them: Nest's per-socket work for a gateway
 * (message streams kept per socket, a disconnect listener) is never bound for the generated gateways, which have
 * no handlers of their own (docs/performance.md, memory per idle connection).
 */
describe('what the library keeps per connection', () => {
  let t: TestApp;
  before(async () => {
    t = await serveRuntime();
  });
  after(() => t.close());

  it('binds one connection listener to the namespace and only its own listeners to a socket', async () => {
    const client = await t.connect();
    const runtime = t.app.get(AsynctionRuntime);
    const nsp = runtime.server('/')!;
    assert.equal(nsp.listenerCount('connection'), 1, 'listeners besides the runtime are bound to the namespace');
    const socket = nsp.sockets.get(client.id!)!;
    // The runtime listens for `disconnect` only to call the namespace's disconnect handler, when it has one.
    const own = runtime.dispatchers.get('/')!.model.disconnect ? 1 : 0;
    assert.equal(socket.listenerCount('disconnect'), own, 'something besides the runtime listens for disconnect');
  });

  it('runs a connect middleware only on a namespace with something to check', () => {
    // socket.io's own list of a namespace's middlewares: with none it connects a client without a middleware run.
    const middlewares = (name: string) =>
      (t.app.get(AsynctionRuntime).server(name) as unknown as { _fns: unknown[] })._fns.length;
    assert.equal(middlewares('/'), 0, '"/" has no security, bindings or connect handler');
    assert.equal(middlewares('/handled'), 1, '"/handled" has a connect handler');
  });
});

describe('the namespace the generated gateways are given to Nest', () => {
  const NAMESPACES = 5000;
  let t: TestApp;
  const warnings: Error[] = [];
  const record = (warning: Error) => warnings.push(warning);

  before(async () => {
    const channels: Record<string, unknown> = {};
    for (let i = 0; i < NAMESPACES; i++) {
      channels[`/ns_${i}`] = { subscribe: { message: { name: 'tick', payload: { type: 'integer' } } } };
    }
    const spec = { asyncapi: '2.6.0', info: { title: 'Many namespaces', version: '1.0.0' }, channels };
    process.on('warning', record);
    t = await startApp(rootModule([AsynctionModule.forRoot({ spec })]));
  });
  after(async () => {
    process.off('warning', record);
    await t?.close();
  });

  it('takes a listener per gateway without a MaxListenersExceededWarning', () => {
    assert.deepEqual(
      warnings.map((w) => w.name),
      [],
      'a warning was printed while 5,000 gateways were wired',
    );
  });

  it('refuses clients as socket.io refuses an undeclared namespace', { timeout: 20_000 }, async () => {
    // Not through a URL: its `#` would start the URL's fragment.
    const manager = new Manager(t.url('/'), { transports: ['websocket'], reconnection: false });
    const socket = manager.socket(GATEWAYS_NAMESPACE);
    try {
      const refusal = new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      socket.connect();
      assert.equal((await refusal).message, 'Invalid namespace');
    } finally {
      socket.disconnect();
      manager.engine?.close();
    }
  });

  it(
    'names ten namespaces, not every one, to a client of the undeclared main namespace',
    { timeout: 20_000 },
    async () => {
      const listed = Array.from({ length: 10 }, (_, i) => `/ns_${i}`).join(', ');
      await assert.rejects(t.connect('/'), {
        message: `Invalid namespace: the AsyncAPI document declares no main namespace "/"; connect to ${listed} or one of 4990 more`,
      });
    },
  );

  it(
    'leaves an undeclared namespace refused at once, however many namespaces are served',
    { timeout: 20_000 },
    async () => {
      // Each gateway on a pattern namespace would make socket.io try every pattern, one nested call each, for every
      // unknown name: with thousands, the stack overflowed and the client's connection was dropped unanswered.
      await assert.rejects(t.connect('/undeclared'), { message: 'Invalid namespace' });
      const served = await t.connect(`/ns_${NAMESPACES - 1}`);
      assert.equal(served.connected, true);
    },
  );
});
