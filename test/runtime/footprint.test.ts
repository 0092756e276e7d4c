import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AsynctionRuntime } from '../../lib/gateway/asynction.runtime.js';
import type { TestApp } from '../support/harness.js';
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
});
