import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { fixture } from '../support/harness.js';

const CLI = fileURLToPath(new URL('../../lib/cli/asynction.js', import.meta.url));

function asynction(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

/** Every file under `dir`, relative to it, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('asynction docs', () => {
  it('writes one document as index.html, the document and the assets, and exits 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'asynction-docs-cli-'));
    try {
      const run = asynction('docs', fixture('docs/relative-refs.yaml'), '-o', join(out, 'site'));
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^✓ wrote 7 files; open .*site\/index\.html$/m);
      const files = tree(join(out, 'site'));
      assert.deepEqual(files.map((f) => f.replace(/\.[0-9a-f]{12}\./, '.<hash>.')).sort(), [
        'assets/asyncapi-react.<hash>.css',
        'assets/asyncapi-react.<hash>.js',
        'assets/asynction-docs.<hash>.css',
        'assets/asynction-docs.<hash>.js',
        'asyncapi.json',
        'asyncapi.yaml',
        'index.html',
      ]);
      const html = readFileSync(join(out, 'site/index.html'), 'utf8');
      for (const file of files.filter((f) => f.startsWith('assets/'))) assert.ok(html.includes(`"${file}"`), file);
      const doc = JSON.parse(readFileSync(join(out, 'site/asyncapi.json'), 'utf8'));
      assert.deepEqual(Object.keys(doc.components.schemas), ['Order', 'tree']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('writes nothing and exits 1 when a document has a problem, printing it with its fix', () => {
    const out = mkdtempSync(join(tmpdir(), 'asynction-docs-cli-'));
    try {
      const run = asynction('docs', fixture('core/duplicate-event.yaml'), '-o', join(out, 'site'));
      assert.equal(run.status, 1);
      assert.match(run.stdout, /^✗ 1 problem in .*duplicate-event\.yaml\n {2}1\. .*\n {5}Fix: /);
      assert.equal(existsSync(join(out, 'site')), false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('is a usage error (exit 2) without -o', () => {
    const run = asynction('docs', fixture('docs/relative-refs.yaml'));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^asynction: missing -o <dir>: the folder to write the page into$/m);
  });
});
