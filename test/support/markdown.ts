import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the tests run from build/test). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository root. */
  doc: string;
  /** The fence's info string (`ts`, `yaml`, ...), empty when it has none. */
  lang: string;
  /** 1-based line of the opening fence; the block's first line of code is `line + 1`. */
  line: number;
  /** The path written as `` `src/main.ts`: `` on the last non-empty line before the fence, if any. */
  label?: string;
  /** The heading (any level) the block sits under. */
  section: string;
  code: string;
}

const FENCE = /^(\s*)(`{3,})\s*([\w+-]*)/;
const LABEL = /^`([\w./-]+)`:$/;

/** Every fenced code block of a Markdown text, with its line, label and section. */
export function codeBlocks(doc: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#+\s+(.*)$/.exec(lines[i]);
    if (heading) section = heading[1];
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, ticks, lang] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith(indent + ticks)) end++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const label = before >= 0 ? LABEL.exec(lines[before].trim())?.[1] : undefined;
    const code = lines.slice(i + 1, end).map((line) => line.slice(indent.length));
    blocks.push({ doc, lang, line: i + 1, label, section, code: code.join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

/** README.md and every page of docs/, relative to the repository root. */
export function documentationFiles(): string[] {
  const pages = readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort();
  return ['README.md', ...pages.map((name) => `docs/${name}`)];
}

/** The code blocks of a documentation file (path relative to the repository root). */
export function codeBlocksOf(doc: string): CodeBlock[] {
  return codeBlocks(doc, readFileSync(join(repoRoot, doc), 'utf8'));
}
