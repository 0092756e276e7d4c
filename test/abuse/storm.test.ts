import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { clientMessages } from '../../lib/messages/index.js';
import { AbuseHandlers, GOOD_TOKEN, serveAbuse } from './support.js';

const ATTEMPTS = 300;
const CONCURRENCY = 30;

describe('a connection storm with security on', () => {
  it(`admits the good of ${ATTEMPTS} attempts and refuses the bad; a canary keeps going`, async (context) => {
    const t = await serveAbuse();
    const admitted: ClientSocket[] = [];
    try {
      const handlers = t.app.get(AbuseHandlers);
      const canary = await t.connect('/open');
      let storming = true;
      const canaryLoop = (async () => {
        let trips = 0;
        while (storming) {
          assert.equal(await canary.timeout(5000).emitWithAck('echo', trips), trips);
          trips++;
        }
        return trips;
      })();

      const wrong: string[] = [];
      let refused = 0;
      let next = 0;
      const attempt = (good: boolean): Promise<void> => {
        const token = good ? GOOD_TOKEN : randomBytes(12).toString('base64url');
        const socket = io(t.url('/secure'), {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          auth: { token },
        });
        return new Promise((resolve) => {
          socket.once('connect', () => {
            admitted.push(socket);
            if (!good) wrong.push(`bad token ${token} admitted`);
            resolve();
          });
          socket.once('connect_error', (error) => {
            socket.disconnect();
            if (good) wrong.push(`good token refused: ${error.message}`);
            else if (error.message.startsWith(clientMessages.connectRefused('/secure', ''))) refused++;
            else wrong.push(`bad token failed another way: ${error.message}`);
            resolve();
          });
        });
      };
      const worker = async () => {
        while (next < ATTEMPTS) await attempt(next++ % 2 === 0);
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      storming = false;
      const trips = await canaryLoop;

      assert.deepEqual(wrong, []);
      assert.equal(admitted.length, ATTEMPTS / 2);
      assert.equal(refused, ATTEMPTS / 2);
      assert.equal(handlers.verified, ATTEMPTS, 'every attempt reached the verifier once');
      assert.equal(handlers.connected, ATTEMPTS / 2, 'only the admitted reached the connect handler');
      assert.ok(trips > 0, 'the canary got no round trip through during the storm');
      for (const socket of admitted) {
        assert.deepEqual(await socket.timeout(5000).emitWithAck('whoami', 'me'), { user: 'alice' });
      }
      context.diagnostic(`canary: ${trips} round trips during the storm`);
    } finally {
      for (const socket of admitted) socket.disconnect();
      await t.close();
    }
  });
});
