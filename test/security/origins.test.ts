import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionModule, type AsynctionModuleOptions } from '../../lib/index.js';
import { connectError, fixture, request, rootModule, startApp } from '../support/harness.js';

@Injectable()
class Echo {
  @AsyncOperation('main.echo')
  echo(text: string): string {
    return text;
  }
}

const EVIL = 'https://evil.example.com';
const APP = 'https://app.example.com';
const start = (options: Partial<AsynctionModuleOptions>) =>
  startApp(rootModule([AsynctionModule.forRoot({ spec: fixture('security/origins.yaml'), ...options })], [Echo]));
const from = (origin: string, transport: 'websocket' | 'polling' = 'websocket') => ({
  transports: [transport],
  extraHeaders: { origin },
});

describe('allowedOrigins: handshakes from other origins are refused before socket.io sees them', () => {
  it("without it, socket.io's cors option does not stop a websocket from a foreign page", async () => {
    const t = await start({ gatewayOptions: { cors: { origin: APP } } });
    try {
      assert.equal(await request(await t.connect('/', from(EVIL)), 'echo', 'hi'), 'hi');
    } finally {
      await t.close();
    }
  });

  it('refuses other origins over websocket and polling; lets listed ones and non-browser clients in', async () => {
    let delegated = 0;
    const t = await start({
      allowedOrigins: [APP, /^https:\/\/[a-z]+\.preview\.example\.com$/g],
      // An allowRequest of the user's own still runs, after the origin check.
      gatewayOptions: { allowRequest: (_req, callback) => (delegated++, callback(null, true)) },
    });
    try {
      for (const transport of ['websocket', 'polling'] as const) {
        const refused = await connectError(t.url('/'), from(EVIL, transport));
        assert.match(refused.message, transport === 'websocket' ? /websocket error/ : /xhr poll error/);
        await connectError(t.url('/'), from('null', transport));
      }
      assert.equal(delegated, 0, 'a refused origin reached the next allowRequest');
      assert.equal(await request(await t.connect('/', from(APP)), 'echo', 'listed'), 'listed');
      assert.equal(await request(await t.connect('/', from('https://App.Example.com/')), 'echo', 'case'), 'case');
      for (let i = 0; i < 2; i++) {
        // A global RegExp keeps no state between requests.
        assert.equal(
          await request(await t.connect('/', from('https://pr.preview.example.com')), 'echo', 'pattern'),
          'pattern',
        );
      }
      assert.equal(await request(await t.connect('/', from(APP, 'polling')), 'echo', 'polling'), 'polling');
      assert.equal(await request(await t.connect('/'), 'echo', 'no origin'), 'no origin');
      assert.ok(delegated >= 5);
    } finally {
      await t.close();
    }
  });
});
