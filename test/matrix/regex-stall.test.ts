import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import { RE2JS } from 're2js';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import { startupMessages, clientMessages } from '../../lib/messages/index.js';
import { readDocument } from '../../lib/document/document.reader.js';
import { problem, sorted, startupProblems } from '../support/startup.js';
import { fixture, rootModule, startApp, type TestApp } from '../support/harness.js';

/** Handlers of test/fixtures/matrix/regex-stall.yaml (and backtracking-pattern.yaml). */
@Injectable()
class StallHandlers {
  @AsyncOperation('stall.code')
  code() {
    return 'accepted';
  }

  @AsyncOperation('stall.ping')
  ping(n: number) {
    return n;
  }
}

const PATTERN = '^(a+)+$';
const EVIL = 'a'.repeat(50_000) + '!';
const NS = '/stall';

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

describe('a catastrophic pattern cannot stall the event loop', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(rootModule([AsynctionModule.forRoot(fixture('matrix/regex-stall.yaml'))], [StallHandlers]));
  });
  after(() => t.close());

  it(`refuses ${EVIL.length.toLocaleString('en')} characters against '${PATTERN}' and answers the next client right after`, async (test) => {
    const attacker = await t.connect(NS);
    const canary = await t.connect(NS);
    // Warm the path up, so the figures below are the validation, not the first call.
    assert.equal(await attacker.timeout(2000).emitWithAck('code', { code: 'aaa' }), 'accepted');
    const short = performance.now();
    await attacker.timeout(2000).emitWithAck('code', { code: 'b' });
    const shortMs = performance.now() - short;

    const start = performance.now();
    const evilAnswer = attacker
      .timeout(10_000)
      .emitWithAck('code', { code: EVIL })
      .then((ack: unknown) => ({ ack, ms: performance.now() - start }));
    const canaryAnswer = canary
      .timeout(10_000)
      .emitWithAck('ping', 1)
      .then((ack: unknown) => ({ ack, ms: performance.now() - start }));
    const [evil, next] = await Promise.all([evilAnswer, canaryAnswer]);

    const errors = [{ pointer: '/code', message: `must match pattern "${PATTERN}"` }];
    assert.deepEqual(evil.ack, {
      status: 'error',
      namespace: NS,
      event: 'code',
      message: clientMessages.payloadInvalid(NS, 'code', errors),
      errors,
    });
    assert.equal(next.ack, 1, "the canary's message sent right after the evil one is answered");

    // The same document compiled the way the server compiles it: the validation alone.
    const { validators, model } = readDocument(fixture('matrix/regex-stall.yaml'), {
      validation: true,
      perspective: 'client',
    });
    const code = validators.get(model.namespaces.get(NS)!.inbound.get('code')!)!.payload!;
    const linear = timed(() => code.check({ code: EVIL }));
    assert.equal(linear.value, false);
    // A backtracking engine on the same pattern: 26 characters, not 50,000.
    const baseline = timed(() => new RegExp(PATTERN).test('a'.repeat(26) + '!'));
    assert.equal(baseline.value, false);

    test.diagnostic(
      `server round trip of the ${EVIL.length}-character string: ${evil.ms.toFixed(1)} ms (a 1-character invalid one: ${shortMs.toFixed(1)} ms); the canary's next message: ${next.ms.toFixed(1)} ms`,
    );
    test.diagnostic(
      `validation alone (RE2JS, the server's compiled schema): ${linear.ms.toFixed(1)} ms for ${EVIL.length} characters`,
    );
    test.diagnostic(
      `baseline new RegExp('${PATTERN}').test('a' x 26 + '!'): ${baseline.ms.toFixed(1)} ms (backtracking doubles with each added 'a')`,
    );
  });

  it('refuses at startup a pattern that needs backtracking (backreference, lookahead), naming the schema', async () => {
    const file = fixture('matrix/backtracking-pattern.yaml');
    const reason = (pattern: string) => {
      try {
        RE2JS.compile(pattern);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`RE2JS compiled ${pattern}`);
    };
    const problems = await startupProblems(rootModule([AsynctionModule.forRoot(file)], [StallHandlers]));
    assert.deepEqual(sorted(problems), [
      problem(
        file,
        '#/channels/~1stall/publish/message/oneOf/0/payload',
        startupMessages.patternNotLinear(reason('^(a)\\1$')),
      ),
      problem(
        file,
        '#/channels/~1stall/publish/message/oneOf/1/payload',
        startupMessages.patternNotLinear(reason('^(?=a)\\w+$')),
      ),
    ]);
  });
});
