import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { checkDocumentTypes, documentFiles, servable } from '../support/document-types.js';
import { ROOT } from '../support/tsc.js';

describe("asynction types over the project's own documents", () => {
  it('the types of every servable fixture and sample document compile under strict', () => {
    const files = [...documentFiles(join(ROOT, 'test/fixtures')), ...documentFiles(join(ROOT, 'sample'))];
    const documents = files.flatMap((file) => servable(file) ?? []);
    assert.ok(documents.length >= 30, `${documents.length} servable documents`);
    const { diagnostics, files: generated } = checkDocumentTypes('fixture-documents', documents);
    assert.equal(generated.size, documents.length);
    const shown = diagnostics.map((d) => `${generated.get(d.file) ?? d.file}: ${d.file}:${d.line} ${d.code} ${d.text}`);
    assert.deepEqual(shown, []);
  });
});

describe('the samples are their own program', () => {
  it('no test or bench file imports a sample statically (its generated types would apply to every test)', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path);
        return entry.name.endsWith('.ts') ? [path] : [];
      });
    const files = [...sources(join(ROOT, 'test')), ...sources(join(ROOT, 'bench'))];
    assert.ok(files.length > 50, `${files.length} files`);
    const offenders = files.filter((file) =>
      /^\s*(?:import|export)\b[^;]*?\bfrom\s+'(?:\.\.\/)+sample\//m.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(
      offenders.map((file) => relative(ROOT, file)),
      [],
      'load samples with loadSample (test/support/samples.ts)',
    );
  });
});
