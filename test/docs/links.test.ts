import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { codeBlocks, documentationFiles, repoRoot } from '../support/markdown.js';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The text of a page without its code blocks (links and headings in code are not links and headings). */
function prose(doc: string): string {
  const text = readFileSync(join(repoRoot, doc), 'utf8');
  const lines = text.split('\n');
  for (const block of codeBlocks(doc, text)) {
    const length = block.code.split('\n').length;
    for (let i = block.line - 1; i < block.line + length && i < lines.length; i++) lines[i] = '';
  }
  return lines.join('\n');
}

function anchors(doc: string): Set<string> {
  return new Set([...prose(doc).matchAll(/^#+\s+(.*)$/gm)].map((match) => slug(match[1])));
}

describe('links between README.md and docs/', () => {
  it('every relative link names a file that exists, and a heading of it when it has an anchor', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const doc of documentationFiles()) {
      for (const [, target] of prose(doc).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        checked++;
        const [path, anchor] = target.split('#');
        const file = path ? normalize(join(dirname(doc), path)) : doc;
        if (!existsSync(join(repoRoot, file))) broken.push(`${doc}: ${target} (no file ${file})`);
        else if (anchor && file.endsWith('.md') && !anchors(file).has(anchor))
          broken.push(`${doc}: ${target} (no heading "#${anchor}" in ${file})`);
      }
    }
    assert.ok(checked > 20, `${checked} links`);
    assert.deepEqual(broken, []);
  });
});
