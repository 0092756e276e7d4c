import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NestFactory } from '@nestjs/core';
import { testingMessages } from '../../lib/messages/index.js';
import { ContractCoverage, appUrl, createTestClient, type CoverageEntry } from '../../lib/testing/index.js';
import { startApp, type TestApp } from '../support/harness.js';
import { CONTRACT, contractApp } from './support.js';

const entry = (
  namespace: string,
  event: string,
  direction: 'inbound' | 'outbound',
  counts: Partial<Pick<CoverageEntry, 'sent' | 'acked' | 'errors' | 'received'>>,
  ackDeclared: boolean,
  missing: CoverageEntry['missing'],
): CoverageEntry => ({
  namespace,
  event,
  direction,
  sent: 0,
  acked: 0,
  errors: 0,
  received: 0,
  ...counts,
  ackDeclared,
  missing,
});

describe('nestjs-asynction/testing: coverage of the contract', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(contractApp());
  });
  after(() => t.close());

  it('counts, across clients sharing it, each message sent, acked, refused and received', async () => {
    const coverage = new ContractCoverage();
    const first = createTestClient({ document: CONTRACT, url: t.url(), coverage });
    const second = createTestClient({ document: CONTRACT, url: t.url(), coverage });
    const [ann, bob] = await Promise.all([first.connect(), second.connect()]);
    await ann.emitWithAck('echo', { text: 'hi' });
    await bob.emitWithAck('echo', { text: 5 });
    await bob.waitFor('exception');
    await ann.emitWithAck('misbehave', 'tick');
    await ann.waitFor('tick');
    ann.emit('echo', {});
    await ann.waitFor('exception');
    assert.deepEqual(coverage.data(), [
      entry('/', 'echo', 'inbound', { sent: 3, acked: 1, errors: 2 }, true, []),
      entry('/', 'misbehave', 'inbound', { sent: 1, acked: 1 }, true, ['error']),
      entry('/', 'tick', 'outbound', { received: 1 }, false, []),
      entry('/', 'question', 'outbound', {}, true, ['received']),
      entry('/private', 'tick', 'outbound', {}, false, ['received']),
    ]);
    assert.throws(
      () => coverage.expectFullCoverage(),
      (error: Error) => {
        assert.ok(error.message.startsWith(testingMessages.notCovered(3, '').trimEnd()), error.message);
        assert.match(error.message, /\/private\s+tick\s+server -> client/);
        assert.match(error.message, /Contract coverage: 6 of 9 checks met \(66%\)/);
        assert.doesNotMatch(error.message, /echo/, 'only the rows with gaps');
        return true;
      },
    );
    coverage.expectFullCoverage({
      except: [{ event: 'misbehave', check: 'error' }, { event: 'question' }, { namespace: '/private' }],
    });
    await Promise.all([first.closeAll(), second.closeAll()]);
  });

  it('prints a table with a summary line, and starts again from zero on reset', async () => {
    const client = createTestClient({ document: CONTRACT, url: t.url() });
    const socket = await client.connect();
    await socket.emitWithAck('echo', { text: 'hi' });
    const table = client.coverage.table().split('\n');
    assert.equal(table[0], 'Contract coverage: 2 of 9 checks met (22%)');
    assert.match(table[1]!, /^namespace\s+event\s+direction\s+sent\s+acked\s+errors\s+received\s+missing$/);
    assert.match(table[2]!, /^\/\s+echo\s+client -> server\s+1\s+1\s+0\s+-\s+error$/);
    client.coverage.reset();
    assert.ok(client.coverage.data().every((e) => e.sent + e.acked + e.errors + e.received === 0));
    await client.closeAll();
  });
});

describe('nestjs-asynction/testing: appUrl', () => {
  it('gives the URL of an app listening on port 0, and says when it does not listen', async () => {
    const app = await NestFactory.create(contractApp(), { logger: false });
    try {
      await app.init();
      assert.throws(() => appUrl(app), { message: testingMessages.appNotListening() });
      await app.listen(0);
      const url = appUrl(app);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = createTestClient({ document: CONTRACT, app });
      const socket = await client.connect();
      assert.deepEqual(await socket.emitWithAck('echo', { text: 'there' }), { text: 'there' });
      await client.closeAll();
    } finally {
      await app.close();
    }
  });
});

describe('nestjs-asynction/testing: the document is read as forRoot reads it', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(contractApp({ serverName: 'contract' }));
  });
  after(() => t.close());

  it("connects on the selected server's path, given forRoot's options", async () => {
    const client = createTestClient({ document: { spec: [CONTRACT], serverName: 'contract' }, url: t.url() });
    assert.equal(client.contract.path, '/contract-io');
    const socket = await client.connect();
    assert.deepEqual(await socket.emitWithAck('echo', { text: 'path' }), { text: 'path' });
    await client.closeAll();
    const unaware = createTestClient({ document: CONTRACT, url: t.url() });
    await assert.rejects(unaware.connect(), /Cannot connect to namespace "\/"/);
    await unaware.closeAll();
  });
});
