import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, typeCheck, type Diagnostic } from '../support/tsc.js';

const FIXTURES = 'test/fixtures/codegen';

/** `// expect TS1234: text` on a line: tsc must report that code there, with `text` in its message. */
interface Expectation {
  file: string;
  line: number;
  code: string;
  text: string;
}

function expectations(file: string): Expectation[] {
  const found: Expectation[] = [];
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .forEach((source, i) => {
      const marker = /\/\/ expect (TS\d+): (.+)$/.exec(source);
      if (marker) found.push({ file, line: i + 1, code: marker[1]!, text: marker[2]!.trim() });
    });
  return found;
}

const show = (d: Diagnostic) => `${d.file}:${d.line} ${d.code} ${d.text.split('\n')[0]}`;

describe('asynction types: tsc accepts what the document allows and refuses the rest', () => {
  const files = readdirSync(join(ROOT, FIXTURES))
    .filter((f) => /\.(pass|fail)\.ts$/.test(f))
    .map((f) => `${FIXTURES}/${f}`);
  // One tsc run over every fixture (and the generated asyncapi.types.ts they import) keeps the suite fast.
  const { diagnostics, output } = typeCheck('codegen-fixtures', [`${ROOT}${FIXTURES}/*.ts`]);

  it('runs tsc on the fixtures', () => {
    assert.ok(files.some((f) => f.endsWith('.pass.ts')) && files.some((f) => f.endsWith('.fail.ts')));
    assert.doesNotMatch(output, /error TS5\d{3}|error TS6\d{3}/, 'the generated tsconfig is valid');
  });

  for (const file of files.filter((f) => f.endsWith('.pass.ts'))) {
    it(`${file} compiles without a diagnostic`, () => {
      assert.deepEqual(expectations(file), [], 'a pass fixture has no expectation');
      assert.deepEqual(diagnostics.filter((d) => d.file === file).map(show), []);
    });
  }

  for (const file of files.filter((f) => f.endsWith('.fail.ts'))) {
    it(`${file} fails exactly where and how its expectations say`, () => {
      const expected = expectations(file);
      const reported = diagnostics.filter((d) => d.file === file);
      assert.ok(expected.length > 0, 'a fail fixture expects something');
      for (const e of expected) {
        const match = reported.find((d) => d.line === e.line && d.code === e.code && d.text.includes(e.text));
        const there = reported.filter((d) => d.line === e.line).map(show);
        assert.ok(
          match,
          `${file}:${e.line} expected ${e.code} "${e.text}", tsc reported: ${there.join(' | ') || 'nothing'}`,
        );
      }
      const unexpected = reported.filter((d) => !expected.some((e) => e.line === d.line));
      assert.deepEqual(unexpected.map(show), [], 'no diagnostic on an unmarked line');
    });
  }

  it('the generated asyncapi.types.ts compiles under strict', () => {
    assert.deepEqual(diagnostics.filter((d) => d.file.endsWith('asyncapi.types.ts')).map(show), []);
  });
});

describe('without a generated file in the program', () => {
  it('accepts every id, method, namespace, event and argument list, as before', () => {
    const { diagnostics, output } = typeCheck('codegen-untyped', [`${ROOT}test/fixtures/codegen-untyped/*.ts`]);
    assert.match(readFileSync(join(ROOT, 'test/fixtures/codegen-untyped/untyped.pass.ts'), 'utf8'), /applyDecorators/);
    assert.doesNotMatch(output, /error TS5\d{3}|error TS6\d{3}/);
    assert.deepEqual(diagnostics.map(show), []);
  });
});
