import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { load } from 'js-yaml';
import { AsynctionModule } from '../../lib/index.js';
import { fixture, rootModule, startApp, type TestApp } from '../support/harness.js';
import { RawClient } from '../support/raw-client.js';
import { Canary } from './canary.js';
import { MatrixHandlers } from './handlers.js';
import { MAX_BUFFER, NS } from './answers.js';
import { kinds, tableRow } from './kinds.js';

describe('bad input: every kind gets its defined answer while a canary client keeps its acks', () => {
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  let t: TestApp;
  let handlers: MatrixHandlers;
  let canary: Canary;

  before(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    const options = { spec: fixture('matrix/bad-input.yaml'), gatewayOptions: { maxHttpBufferSize: MAX_BUFFER } };
    t = await startApp(rootModule([AsynctionModule.forRoot(options)], [MatrixHandlers]));
    handlers = t.app.get(MatrixHandlers);
    canary = new Canary(await t.connect(NS));
    await canary.advanced(0);
  });

  after(async () => {
    await canary?.stop();
    await t?.close();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });

  for (const kind of kinds) {
    it(`${kind.kind}: ${kind.answer}`, async (test) => {
      const raw = await RawClient.connect(t.port, NS);
      const since = canary.ok;
      const crashed = crashes.length;
      try {
        await kind.run({ raw, handlers, canary, report: (line) => test.diagnostic(line) });
        assert.equal(
          raw.open,
          kind.connection === 'stays open',
          `the connection ${kind.connection === 'closed' ? 'stayed open' : 'was closed'}`,
        );
      } finally {
        raw.close();
      }
      await canary.advanced(since);
      assert.deepEqual(canary.failures, [], 'the canary lost an ack');
      assert.deepEqual(crashes.slice(crashed), [], 'an error escaped to the process');
    });
  }

  it('covers at least 30 kinds', () => {
    assert.ok(kinds.length >= 30, `${kinds.length} kinds`);
  });

  it('no handler ever saw an invalid payload (re-validated with a separate ajv)', () => {
    const document = load(readFileSync(fixture('matrix/bad-input.yaml'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(document, 'doc');
    const messageOf: Record<string, string> = {
      order: 'Order',
      move: 'Move',
      note: 'Note',
      code: 'Code',
      tree: 'Tree',
      bag: 'Bag',
      deep: 'Deep',
    };
    const events = new Set<string>();
    for (const { event, payload } of handlers.received) {
      // The pattern runs on a backtracking engine here: only short strings can be re-checked in reasonable time.
      if (event === 'code')
        assert.ok(String((payload as { code: unknown }).code).length < 100, 'the handler got a long "code"');
      const validate = ajv.getSchema(`doc#/components/messages/${messageOf[event]}/payload`)!;
      assert.ok(
        validate(payload),
        `${event} handler got ${JSON.stringify(payload).slice(0, 200)}: ${ajv.errorsText(validate.errors)}`,
      );
      events.add(event);
    }
    assert.deepEqual(
      [...events].sort(),
      ['bag', 'deep', 'move', 'note', 'order', 'tree'],
      'the valid messages of the matrix reached their handlers',
    );
  });

  it('leaves Object.prototype untouched', () => {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), prototypeKeys);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });

  it('the canary never failed, from the first kind to the last', async (test) => {
    const since = canary.ok;
    await canary.advanced(since);
    assert.deepEqual(canary.failures, []);
    assert.ok(canary.ok > kinds.length, `${canary.ok} acks`);
    test.diagnostic(
      `canary: ${canary.ok} acks, no failure; p50 ${canary.percentile(50).toFixed(1)} ms, p99 ${canary.percentile(99).toFixed(1)} ms over the whole matrix`,
    );
  });

  it('no uncaught exception and no unhandled rejection reached the process', () => {
    assert.deepEqual(crashes, []);
  });

  it('docs/bad-input.md lists every kind with the answer asserted here', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/bad-input.md', import.meta.url)), 'utf8');
    const missing = kinds.filter((kind) => !doc.includes(tableRow(kind))).map((kind) => kind.kind);
    assert.deepEqual(missing, []);
  });
});
