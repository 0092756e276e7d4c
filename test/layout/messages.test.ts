/**
 * Every message factory is exercised by a test that imports it (STYLE.md: tests import the same factories, so
 * wording never drifts from behaviour). Read from the test sources: a factory no test names is listed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientMessages, logMessages, startupMessages, testingMessages } from '../../lib/messages/index.js';

const TEST = fileURLToPath(new URL('../../../test/', import.meta.url));
const SELF = 'layout/messages.test.ts';

/**
 * Factories no test exercises yet: each is a gap to close, by a test that triggers it and compares with the
 * factory. The list only shrinks: a listed factory that a test now names fails this test until it is removed here.
 */
const NOT_YET_TESTED: ReadonlySet<string> = new Set([
  'startupMessages.schemaInvalid',
  'clientMessages.originRefused',
  'logMessages.emitNotReady',
  'logMessages.ackSendFailed',
  'logMessages.redisPackagesMissing',
  'logMessages.redisDown',
  'logMessages.redisUp',
  'logMessages.redisDropped',
  'logMessages.redisCommandFailed',
  'logMessages.redisNoAnswer',
]);

function sources(dir: string, base = ''): Array<{ path: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(base, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(join(dir, entry.name), path);
    if (!entry.name.endsWith('.ts') || path === SELF) return [];
    return [{ path, text: readFileSync(join(dir, entry.name), 'utf8') }];
  });
}

const tests = sources(TEST);
const factories = Object.entries({ startupMessages, clientMessages, logMessages, testingMessages }).flatMap(
  ([group, messages]) => Object.keys(messages).map((key) => `${group}.${key}`),
);
const named = (factory: string): boolean =>
  tests.some(({ text }) => new RegExp(`\\b${factory.replace('.', '\\.')}\\b`).test(text));

describe('layout: every message is exercised by a test', () => {
  it('reads the test sources and the factories', () => {
    assert.ok(tests.length > 20 && factories.length > 50, `${tests.length} tests, ${factories.length} factories`);
  });

  it('names every message factory in some test', () => {
    const untested = factories.filter((f) => !NOT_YET_TESTED.has(f) && !named(f));
    assert.deepEqual(untested, [], 'no test uses these factories: trigger each and compare with the factory');
  });

  it('keeps the list of untested factories honest', () => {
    const stale = [...NOT_YET_TESTED].filter((f) => !factories.includes(f) || named(f));
    assert.deepEqual(stale, [], 'remove these from NOT_YET_TESTED: they are tested now, or gone');
  });
});
