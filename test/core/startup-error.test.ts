import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ConsoleLogger, type ConsoleLoggerOptions } from '@nestjs/common';
import { AsynctionModule, AsynctionSpecError } from '../../lib/index.js';
import { failedStart, fixture, rootModule } from '../support/harness.js';

/** What Nest's ConsoleLogger writes to stderr for `error(value)`. */
function loggedByNest(value: unknown, options: ConsoleLoggerOptions): string {
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof write;
  try {
    new ConsoleLogger('Bootstrap', options).error(value);
  } finally {
    process.stderr.write = write;
  }
  return written.join('');
}

describe('a startup AsynctionSpecError, printed', () => {
  it('prints its message (every problem listed once) without a dump of the problems array', async () => {
    const { error } = await failedStart(rootModule([AsynctionModule.forRoot(fixture('core/many-problems.yaml'))]));
    assert.ok(error instanceof AsynctionSpecError);
    assert.ok(error.problems.length >= 3, 'the property keeps every problem');
    const first = error.problems[0].message;
    const printed = {
      // what Node prints for an unhandled rejection of app.listen(), and what console.error prints
      inspect: inspect(error),
      nestLogger: loggedByNest(error, { colors: false }),
    };
    for (const [how, text] of Object.entries(printed)) {
      assert.equal(text.split(first).length - 1, 1, `${how} prints the first problem once:\n${text}`);
      assert.doesNotMatch(text, /problems: \[/, `${how} dumps no problems property:\n${text}`);
    }
    assert.deepEqual(Object.keys(error), ['name']);
  });
});
