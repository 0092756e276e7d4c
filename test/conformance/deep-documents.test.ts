import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { AsynctionModule } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_VALUES } from '../../lib/document/document.depth.js';
import { readDocument } from '../../lib/document/document.reader.js';
import { rootModule } from '../support/harness.js';
import { problem, startupProblems } from '../support/startup.js';

const CLI = fileURLToPath(new URL('../../lib/cli/asynction.js', import.meta.url));
const OBJECT = '<object>';
const tooDeep = startupMessages.documentTooDeep(MAX_DOCUMENT_DEPTH);
const tooLarge = startupMessages.documentTooLarge(MAX_DOCUMENT_VALUES);

/** A 2.x document whose one message has `payload`, with `components` (written before `channels` when `first`). */
function documentWith(payload: unknown, components?: object, first = false): Record<string, unknown> {
  const channels = { '/': { publish: { operationId: 'deep', message: { name: 'deep', payload } } } };
  const head = { asyncapi: '2.6.0', info: { title: 'Deep', version: '1.0.0' } };
  if (!components) return { ...head, channels };
  return first ? { ...head, components, channels } : { ...head, channels, components };
}

/** `levels` objects nested as `properties.a`, around a string schema. */
function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

/** The pointer `tokens` (key, then `properties`/`a` pairs) long enough to reach level `MAX_DOCUMENT_DEPTH` + 1. */
function pointerPast(prefix: string, prefixLevels: number): string {
  let pointer = prefix;
  for (let level = prefixLevels; level <= MAX_DOCUMENT_DEPTH; level += 2) pointer += '/properties/a';
  return pointer;
}

const PAYLOAD = '#/channels/~1/publish/message/payload';

describe('item 15: every walk over a document is bounded (MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_VALUES)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asynction-deep-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a schema nested 1,000 levels: forRoot does not throw, the start fails with one problem at its pointer', async () => {
    const spec = documentWith(nested(1000));
    const module = AsynctionModule.forRoot({ spec });
    assert.deepEqual(await startupProblems(rootModule([module])), [problem(OBJECT, pointerPast(PAYLOAD, 5), tooDeep)]);
  });

  it('a schema nested just within the bound is served and validated', () => {
    // The payload sits at level 5; 125 levels of properties/a put its innermost object at level 255.
    const read = readDocument(documentWith(nested(125)), { validation: true, perspective: 'client' });
    assert.deepEqual(read.problems, []);
    const payload = [...read.validators.values()][0]!.payload!;
    let value: unknown = 'x';
    for (let i = 0; i < 125; i++) value = { a: value };
    assert.equal(payload.check(value), true);
  });

  it('depth is counted with $refs followed: a chain of shallow components is as deep as its expansion', () => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) {
      schemas[`S${i}`] = { type: 'object', properties: { a: { $ref: `#/components/schemas/S${i + 1}` } } };
    }
    schemas.S300 = { type: 'string' };
    const read = readDocument(documentWith({ $ref: '#/components/schemas/S0' }, { schemas }), {
      validation: true,
      perspective: 'client',
    });
    // The payload (level 5) is S0; S{n} sits at level 5 + 2n, so level 257 is S126, reached from S125's "a".
    assert.deepEqual(read.problems, [problem(OBJECT, '#/components/schemas/S125/properties/a', tooDeep)]);
  });

  it('a component read first and shallow is as deep as the place that references it', () => {
    // components before channels: resolution meets Deep at level 3, then shares it with the payload (level 5).
    const components = { schemas: { Deep: nested(126) } };
    const read = readDocument(documentWith({ $ref: '#/components/schemas/Deep' }, components, true), {
      validation: true,
      perspective: 'client',
    });
    assert.deepEqual(read.problems, [problem(OBJECT, pointerPast('#/components/schemas/Deep', 5), tooDeep)]);
  });

  it('references that multiply (each schema referencing the previous twice) are one problem, not hours of work', () => {
    const schemas: Record<string, unknown> = { S0: { type: 'string' } };
    const ref = (i: number) => ({ $ref: `#/components/schemas/S${i}` });
    for (let i = 1; i <= 24; i++) schemas[`S${i}`] = { anyOf: [ref(i - 1), ref(i - 1)] };
    const read = readDocument(documentWith(ref(24), { schemas }), { validation: true, perspective: 'client' });
    assert.equal(read.problems.length, 1, JSON.stringify(read.problems));
    assert.deepEqual({ ...read.problems[0]!, at: undefined }, { ...tooLarge, at: undefined });
    // The innermost value that alone is too large: S{n} expands to 2^(n+2) - 2 values, S18 to 1,048,574.
    assert.equal(read.problems[0]!.at.pointer, '#/components/schemas/S18/anyOf');
  });

  it('a document object that throws when read is one problem, never an exception out of forRoot', async () => {
    const spec = new Proxy(documentWith({ type: 'string' }), {
      get(target, key) {
        if (key === 'channels') throw new TypeError('a getter that throws');
        return Reflect.get(target, key);
      },
    });
    const module = AsynctionModule.forRoot({ spec });
    assert.deepEqual(await startupProblems(rootModule([module])), [
      problem(OBJECT, '#', startupMessages.documentReadFailed('TypeError: a getter that throws')),
    ]);
  });

  it('asynction validate: one problem (exit 1) for deep JSON, deep YAML and YAML aliases that multiply', () => {
    writeFileSync(join(dir, 'deep.json'), JSON.stringify(documentWith(nested(1000))));
    const deepYaml = `asyncapi: 2.6.0\ninfo: { title: Deep, version: '1.0.0' }\nchannels: {}\nx-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    writeFileSync(join(dir, 'deep.yaml'), deepYaml);
    const aliases = ['x-a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [...'bcdefgh'].map((c, i) => [c, 'abcdefg'[i]!])) {
      aliases.push(`x-${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    writeFileSync(
      join(dir, 'aliases.yaml'),
      `asyncapi: 2.6.0\ninfo: { title: A, version: '1' }\nchannels: {}\n${aliases.join('\n')}\n`,
    );
    for (const [name, text] of [
      ['deep.json', tooDeep],
      ['deep.yaml', { message: startupMessages.documentUnreadable('').message, fix: tooDeep.fix }],
      ['aliases.yaml', tooLarge],
    ] as const) {
      const out = spawnSync(process.execPath, [CLI, 'validate', '--json', name], { cwd: dir, encoding: 'utf8' });
      assert.equal(out.status, 1, `${name}: ${out.stderr}`);
      const report = JSON.parse(out.stdout) as { problems: Array<{ message: string; fix: string }> };
      assert.equal(report.problems.length, 1, name);
      assert.ok(report.problems[0]!.message.startsWith(text.message), `${name}: ${report.problems[0]!.message}`);
      assert.equal(report.problems[0]!.fix, text.fix, name);
      assert.doesNotMatch(out.stdout + out.stderr, /validate0|use strict/, 'no generated code is printed');
    }
  });

  it('asynction validate ends anything unexpected with one line on stderr and exit 2', () => {
    const gone = join(dir, 'gone');
    // A working directory removed under the process: process.cwd() throws, which nothing in validate expects.
    const out = spawnSync(
      'sh',
      [
        '-c',
        `mkdir "${gone}" && cd "${gone}" && rmdir "${gone}" && exec "$0" "$1" validate x.yaml`,
        process.execPath,
        CLI,
      ],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(out.status, 2, out.stderr);
    assert.equal(out.stdout, '');
    assert.match(out.stderr, /^asynction: unexpected error: Error: ENOENT[^\n]*\n$/);
  });
});
