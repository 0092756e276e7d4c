import assert from 'node:assert/strict';
import { join } from 'node:path';
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
