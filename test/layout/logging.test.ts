/**
 * Every line the library logs goes through Nest's Logger with a context, so an application's logger (JSON, levels,
 * silence in tests) governs it; nothing writes to the console directly. The CLI prints its own output.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB = fileURLToPath(new URL('../../../lib/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'cli' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('layout: logging goes through Nest', () => {
  const files = sources(LIB).map((file) => ({ file: relative(LIB, file), text: readFileSync(file, 'utf8') }));

  it('reads the sources of lib/', () => assert.ok(files.length > 50, `only ${files.length} files found`));

  it('never writes to the console or the standard streams outside the CLI', () => {
    const found = files.flatMap(({ file, text }) =>
      [...text.matchAll(/\b(console\.\w+|process\.std(?:out|err)\.write)/g)].map((m) => `lib/${file}: ${m[1]}`),
    );
    assert.deepEqual(found, []);
  });

  it('gives every Logger a context', () => {
    const bare = files.flatMap(({ file, text }) =>
      [...text.matchAll(/new Logger\(\s*\)/g)].map(() => `lib/${file}: new Logger() without a context`),
    );
    assert.deepEqual(bare, []);
    assert.ok(
      files.some(({ text }) => /new Logger\('Asynction'\)/.test(text)),
      'no Logger with a context found',
    );
  });
});
