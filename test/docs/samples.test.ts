import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { codeBlocks, codeBlocksOf, documentationFiles, repoRoot, type CodeBlock } from '../support/markdown.js';
import { Sandbox } from '../support/sandbox.js';

/** Fence names that would hide TypeScript or JavaScript from the compile below: every such block is fenced `ts`. */
const UNCHECKED_CODE = new Set(['typescript', 'tsx', 'mts', 'cts', 'js', 'javascript', 'jsx', 'mjs', 'cjs']);

/** Compiler options of a user's app as the quick start sets them, plus what a folder of snippets needs. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    types: ['node'],
    noEmit: true,
    // A snippet is a module of its own even when it only has top-level statements.
    moduleDetection: 'force',
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};

/**
 * A page whose blocks are one application typed by a generated file: its `declare module 'nestjs-asynction'`
 * augmentation applies to the whole program, so the page compiles in a program of its own (below).
 */
const OWN_PROGRAM = 'docs/types.md';

/** A page that must fail to compile: proves that errors are found and named by page and line. */
const CANARY = ['# Canary', '', 'Text.', '', '```ts', "const n: number = 'not a number';", 'export { n };', '```', ''];

/**
 * Writes each `ts` block into its page's folder: at its label (`` `src/user.handlers.ts`: `` before the fence), so
 * other blocks of the page can import it, or else at src/block-<line>.ts. The README's labelled blocks (the quick
 * start's app) are in every page's folder too, so a page can import `./user.handlers.js` as a user's app would.
 */
function place(sandbox: Sandbox, blocks: CodeBlock[], files: Map<string, CodeBlock>): string[] {
  const problems: string[] = [];
  const taken = new Map<string, CodeBlock>();
  const quickStart = blocks.filter((block) => block.doc === 'README.md' && block.label);
  const folders = new Set(blocks.map((block) => folderOf(block.doc)));
  for (const folder of folders) {
    const own = new Set(blocks.filter((b) => folderOf(b.doc) === folder && b.label).map((b) => b.label));
    for (const block of quickStart) {
      if (folder === folderOf(block.doc) || own.has(block.label)) continue;
      files.set(`${folder}/${block.label}`, block);
      sandbox.write(`${folder}/${block.label}`, block.code);
    }
  }
  for (const block of blocks) {
    const path = `${folderOf(block.doc)}/${block.label ?? `src/block-${block.line}.ts`}`;
    const earlier = taken.get(path);
    if (earlier) {
      problems.push(`${block.doc}:${block.line}: the label "${block.label}" is also used at line ${earlier.line}`);
      continue;
    }
    taken.set(path, block);
    files.set(relative(sandbox.dir, sandbox.write(path, block.code)).split(sep).join('/'), block);
  }
  return problems;
}

function folderOf(doc: string): string {
  return doc.replace(/\.md$/, '').replaceAll('/', '-');
}

/** tsc's diagnostics, each named by the documentation page and line of the code it is about. */
function diagnostics(output: string, files: Map<string, CodeBlock>): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim());
    if (!match) continue;
    const [, file, row, column, code, message] = match;
    const block = files.get(file.split(sep).join('/'));
    const where = block ? `${block.doc}:${block.line + Number(row)}:${column}` : `${file}(${row},${column})`;
    found.push(`${where}: ${code} ${message}`);
  }
  return found;
}

describe('every ts code block of README.md and docs/ compiles against the library', () => {
  const sandbox = new Sandbox();
  const docs = documentationFiles();
  const blocks = docs.flatMap((doc) => codeBlocksOf(doc));
  const files = new Map<string, CodeBlock>();
  let placing: string[] = [];
  let errors: string[] = [];
  let tscOutput = '';

  before(() => {
    placing = place(
      sandbox,
      [
        ...blocks.filter((block) => block.lang === 'ts' && block.doc !== OWN_PROGRAM),
        ...codeBlocks('canary.md', CANARY.join('\n')),
      ],
      files,
    );
    sandbox.write('tsconfig.json', JSON.stringify(TSCONFIG, null, 2));
    const run = sandbox.tsc('-p', '.', '--pretty', 'false');
    tscOutput = run.output;
    errors = diagnostics(run.output, files);
    if (run.status !== 0 && errors.length === 0) errors = [`tsc exited with ${run.status}: ${run.output}`];
  });
  after(() => sandbox.remove());

  it('finds the pages and their TypeScript blocks', (test) => {
    assert.ok(docs.includes('README.md') && docs.length > 5, docs.join(', '));
    const counts = docs.map((doc) => `${doc}: ${blocks.filter((b) => b.doc === doc && b.lang === 'ts').length}`);
    test.diagnostic(`ts blocks: ${counts.join(', ')}`);
    assert.ok(blocks.filter((block) => block.lang === 'ts').length >= 20);
  });

  it('fences code as ts (compiled) or as a language that is not compiled (sh, yaml, json, ...)', () => {
    const hidden = blocks.filter((block) => UNCHECKED_CODE.has(block.lang.toLowerCase()));
    assert.deepEqual(
      hidden.map((block) => `${block.doc}:${block.line}: fenced "${block.lang}"; fence it "ts" so that it is compiled`),
      [],
    );
  });

  it('names a page and line for code that does not compile (the canary page)', () => {
    assert.deepEqual(
      errors.filter((error) => error.startsWith('canary.md:')).map((error) => error.split(': ')[0]),
      ['canary.md:6:7'],
      tscOutput,
    );
  });

  it('compiles every block, imports included, with strict TypeScript', () => {
    assert.deepEqual(placing, []);
    assert.deepEqual(
      errors.filter((error) => !error.startsWith('canary.md:')),
      [],
    );
  });
});

describe(`${OWN_PROGRAM}: its blocks compile as one application, with the file the CLI generates for its document`, () => {
  it('compiles every ts block against the generated file, and that file is what `asynction types` writes', () => {
    const blocks = codeBlocksOf(OWN_PROGRAM);
    const document = blocks.find((block) => block.lang === 'yaml' && block.label === 'docs/asyncapi.yaml');
    assert.ok(document, `${OWN_PROGRAM} shows its document, labelled docs/asyncapi.yaml`);
    const sandbox = new Sandbox();
    try {
      sandbox.write(document.label!, document.code);
      const files = new Map<string, CodeBlock>();
      for (const block of blocks.filter((b) => b.lang === 'ts')) {
        const path = block.label ?? `src/block-${block.line}.ts`;
        files.set(path, block);
        sandbox.write(path, block.code);
      }
      assert.ok(files.has('src/asyncapi.types.ts'), 'the generated file is shown, labelled src/asyncapi.types.ts');
      const cli = join(repoRoot, 'build/lib/cli/asynction.js');
      const check = spawnSync(
        process.execPath,
        [cli, 'types', 'docs/asyncapi.yaml', '-o', 'src/asyncapi.types.ts', '--check'],
        { cwd: sandbox.dir, encoding: 'utf8' },
      );
      assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
      sandbox.write('tsconfig.json', JSON.stringify(TSCONFIG, null, 2));
      const run = sandbox.tsc('-p', '.', '--pretty', 'false');
      assert.deepEqual(diagnostics(run.output, files), []);
      assert.equal(run.status, 0, run.output);
    } finally {
      sandbox.remove();
    }
  });
});
