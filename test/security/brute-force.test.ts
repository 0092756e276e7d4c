import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { AsynctionModule } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { connectError, fixture, request, rootModule, startApp } from '../support/harness.js';
import { ApiKeyVerifier, basic, BasicVerifier, BearerVerifier, calls, GOOD, HttpSchemesHandlers } from './support.js';

const ATTEMPTS = 1000;
const CONCURRENCY = 25;

/** Printable ASCII, what a client can put in a header. */
function printable(length: number): string {
  return String.fromCharCode(...Array.from({ length }, () => randomInt(0x20, 0x7f)));
}

/** One attempt with random bad credentials, of a random kind. */
function badCredentials(): Partial<ManagerOptions & SocketOptions> {
  const header = (authorization: string) => ({ extraHeaders: { authorization } });
  const kinds: Array<() => Partial<ManagerOptions & SocketOptions>> = [
    () => header(basic(printable(randomInt(1, 12)).replace(/:/g, ''), printable(randomInt(1, 24)))),
    () => header(basic(GOOD.user, `${GOOD.password}${printable(1)}`)),
    () => header(`Bearer ${randomBytes(randomInt(8, 48)).toString('base64url')}`),
    () => header(`${printable(randomInt(1, 10)).trim() || 'x'} ${printable(randomInt(0, 40))}`),
    () => header(`Basic ${printable(randomInt(1, 60)).trim() || '%'}`),
    () => header(printable(randomInt(1, 80)).trim() || '?'),
    () => ({
      auth: { token: [randomBytes(16).toString('hex'), randomInt(1e6), { token: GOOD.token }, null, ''][randomInt(5)] },
    }),
    () => ({ auth: { user: GOOD.user, password: GOOD.password } }),
  ];
  return kinds[randomInt(kinds.length)]();
}

describe('security under a brute-force attempt', () => {
  it(`refuses ${ATTEMPTS} connections with random bad credentials while a legitimate client keeps working`, async (context) => {
    const t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(fixture('security/http-schemes.yaml'))],
        [BasicVerifier, BearerVerifier, ApiKeyVerifier, HttpSchemesHandlers],
      ),
    );
    try {
      const canary = await t.connect('/', { extraHeaders: { authorization: basic(GOOD.user, GOOD.password) } });
      const before = { ...calls };
      let attacking = true;
      const canaryLoop = (async () => {
        let roundTrips = 0;
        let slowest = 0;
        while (attacking) {
          const started = performance.now();
          assert.deepEqual(await request(canary, 'whoami', `ping ${roundTrips}`), { user: 'alice', via: 'basic' });
          slowest = Math.max(slowest, performance.now() - started);
          roundTrips++;
        }
        return { roundTrips, slowest };
      })();

      const started = performance.now();
      let next = 0;
      const refusals: string[] = [];
      const attacker = async () => {
        while (next < ATTEMPTS) {
          next++;
          refusals.push((await connectError(t.url('/'), badCredentials())).message);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, attacker));
      const elapsed = performance.now() - started;
      attacking = false;
      const { roundTrips, slowest } = await canaryLoop;

      assert.equal(refusals.length, ATTEMPTS);
      const prefix = clientMessages.connectRefused('/', '');
      assert.deepEqual(
        refusals.filter((m) => !m.startsWith(prefix)),
        [],
        'an attempt failed some other way than a refusal',
      );
      assert.equal(calls.connect, before.connect, 'an attempt reached the connect handler');
      assert.equal(calls.handler, before.handler + roundTrips, 'an attempt reached a message handler');
      assert.ok(roundTrips >= 10, `the canary managed only ${roundTrips} round trips in ${Math.round(elapsed)} ms`);
      context.diagnostic(
        `${ATTEMPTS} refused in ${Math.round(elapsed)} ms; canary: ${roundTrips} round trips, slowest ${slowest.toFixed(1)} ms`,
      );
    } finally {
      await t.close();
    }
  });
});
