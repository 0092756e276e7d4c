import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AddressInfo, Server } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { io } from 'socket.io-client';
import { AsynctionModule } from '../../lib/index.js';
import { clientMessages, logMessages } from '../../lib/messages/index.js';
import { fixture, rootModule } from '../support/harness.js';
import { SlowHandlers } from './slow-handlers.js';
import { CapturingLogger } from '../support/logs.js';

const SPEC = fixture('operations/slow-handlers.yaml');
const BAD = 1000;

describe('logging: a flood of bad clients cannot flood the logs', () => {
  it(`${BAD} invalid payloads, ${BAD} undeclared events make a bounded number of lines`, async () => {
    const logger = new CapturingLogger();
    const module = AsynctionModule.forRoot(SPEC);
    const app = await NestFactory.create(rootModule([module], [SlowHandlers]), { logger });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const before = logger.lines.length;
    try {
      const acks: Array<Promise<unknown>> = [];
      for (let i = 0; i < BAD; i++) {
        acks.push(socket.timeout(20_000).emitWithAck('echo', 42));
        acks.push(socket.timeout(20_000).emitWithAck('nope', i));
      }
      const answers = (await Promise.all(acks)) as Array<{ status: string }>;
      assert.equal(answers.filter((a) => a.status === 'error').length, 2 * BAD);
      assert.equal(await socket.timeout(5000).emitWithAck('echo', 'still served'), 'still served');
    } finally {
      socket.disconnect();
      await app.close();
    }
    const flood = logger.lines.slice(before).filter((l) => l.context === 'Asynction');
    const interval = 10_000;
    const first = clientMessages.payloadInvalid('/', 'echo', [{ pointer: '', message: 'must be string' }]);
    // The order between the two reasons is not the point; the shutdown's own line is not a refusal.
    assert.deepEqual(
      flood
        .filter((l) => !l.message.startsWith('Shut down'))
        .map((l) => `${l.level} ${l.message}`)
        .sort(),
      [
        `warn ${logMessages.refused('invalid payload', '/', 'echo', first)}`,
        `warn ${logMessages.refused('undeclared event', '/', 'nope', clientMessages.undeclaredEvent('/', 'nope'))}`,
        `warn ${logMessages.refusalSummary('invalid payload', BAD - 1, interval)}`,
        `warn ${logMessages.refusalSummary('undeclared event', BAD - 1, interval)}`,
      ].sort(),
    );
  });
});
