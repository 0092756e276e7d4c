import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package as published, and a user's first minutes with it: one `npm pack` (its prepack builds dist/ from
// empty), whose contents are checked, then installed into a fresh application as the README's quick start does, where
// a file that uses every export compiles with strict types and skipLibCheck off. One npm install per run (about
// 5-10 s with a warm npm cache); the registry is asked only for what the cache lacks. One file, so that nothing else
// rebuilds dist/ while it is packed (test files run two at a time).

const root = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  type: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  exports: Record<string, { types: string; default: string }>;
};

/** The child processes run as from a fresh shell, without the `npm_*` settings of a surrounding `npm test`. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a command that may fail, and returns what it printed either way. */
function attempt(command: string, args: string[], cwd: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: run(command, args, cwd) };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

/**
 * The packages the README's quick start installs: every `npm install` of its first shell block (lines joined at a
 * trailing backslash, flags and comments dropped), in one list, without `typescript` (the compiler is the project's
 * own).
 */
function quickStartPackages(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? '';
  const commands = block
    .replace(/\\\n/g, ' ')
    .split('\n')
    .flatMap((line) => line.split('&&'))
    .map((command) => command.replace(/#.*$/, '').trim())
    .filter((command) => command.startsWith('npm install '));
  const packages = commands.flatMap((command) => command.split(/\s+/).slice(2)).filter((p) => !p.startsWith('-'));
  assert.ok(packages.includes(manifest.name), `the README's quick start installs ${manifest.name}: ${commands}`);
  return packages.filter((p) => p !== 'typescript');
}

/** Every name the package exports, read from its published declarations (`export *` followed). */
function exportedNames(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^export (?:declare )?(?:abstract )?(?:class|function|const|interface|type) (\w+)/gm))
    names.add(m[1]);
  for (const m of text.matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    for (const part of m[1]
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean))
      names.add(
        part
          .replace(/^type /, '')
          .split(/ as /)
          .pop()!
          .trim(),
      );
  }
  for (const m of text.matchAll(/^export (?:type )?\* from '(.+)\.js';/gm))
    for (const name of exportedNames(join(dirname(file), `${m[1]}.d.ts`), seen)) names.add(name);
  return names;
}

interface LsNode {
  version?: string;
  dependencies?: Record<string, LsNode>;
}

/** Every version of `name` in an `npm ls --all --json` tree. */
function versionsOf(name: string, node: LsNode, found = new Set<string>()): Set<string> {
  for (const [dep, child] of Object.entries(node.dependencies ?? {})) {
    if (dep === name && child.version) found.add(child.version);
    versionsOf(name, child, found);
  }
  return found;
}

describe('the published package', { timeout: 600_000 }, () => {
  const app = mkdtempSync(join(tmpdir(), 'asynction-install-'));
  let pack: { filename: string; files: Array<{ path: string }> };
  let packed = 0;
  before(() => {
    const started = Date.now();
    [pack] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', app], root)) as Array<typeof pack>;
    packed = Date.now() - started;
  });
  after(() => rmSync(app, { recursive: true, force: true }));

  it('contains dist only (with types), is ESM, and pins @asyncapi/specs to 6.11.1', () => {
    const files = pack.files.map((f) => f.path);
    const outside = files.filter(
      (f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f),
    );
    assert.deepEqual(outside, []);
    assert.ok(files.includes('dist/index.js'));
    assert.ok(files.includes('dist/index.d.ts'));
    assert.ok(files.includes('dist/testing/index.js') && files.includes('dist/testing/index.d.ts'));
    assert.ok(!files.some((f) => f.includes('sample') || f.includes('test/')), 'samples and tests are not shipped');
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.dependencies['@asyncapi/specs'], '6.11.1');
  });

  it('ships no source maps, so nothing in it points to sources it does not ship', () => {
    const files = pack.files.map((f) => f.path);
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map')),
      [],
    );
    const pointing = files
      .filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))
      .filter((f) => readFileSync(join(root, f), 'utf8').includes('//# sourceMappingURL='));
    assert.deepEqual(pointing, []);
  });

  it('exports nestjs-asynction/testing, with types, and socket.io-client stays an optional peer', () => {
    assert.deepEqual(manifest.exports['./testing'], {
      types: './dist/testing/index.d.ts',
      default: './dist/testing/index.js',
    });
    assert.equal(manifest.peerDependenciesMeta['socket.io-client']?.optional, true);
    assert.equal(manifest.dependencies['socket.io-client'], undefined);
  });

  it('declares no socket.io of its own: the application has the one @nestjs/platform-socket.io pins', () => {
    const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
    assert.equal(declared['socket.io'], undefined);
    assert.equal(declared['socket.io-adapter'], undefined);
    assert.ok(declared['@nestjs/platform-socket.io']);
  });

  it('installs with the README line, resolves one socket.io, and compiles every export strictly', (t) => {
    const started = Date.now();
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const packages = quickStartPackages().map((p) => (p === manifest.name ? `./${pack.filename}` : p));
    // A TypeScript application has Node's types; one that uses nestjs-asynction/testing installs its optional peer
    // socket.io-client (the quick start installs both; pinned here if it stops).
    for (const name of ['@types/node', 'socket.io-client'])
      if (!packages.some((p) => p === name || p.startsWith(`${name}@`)))
        packages.push(`${name}@${manifest.devDependencies[name]}`);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packages], app);
    t.diagnostic(`npm pack took ${packed} ms, npm install ${Date.now() - started} ms`);

    const tree = JSON.parse(attempt('npm', ['ls', 'socket.io', '--all', '--json'], app).output) as LsNode;
    const nestPins = JSON.parse(
      readFileSync(join(app, 'node_modules/@nestjs/platform-socket.io/package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    assert.deepEqual([...versionsOf('socket.io', tree)], [nestPins.dependencies['socket.io']]);

    const consumer = readFileSync(join(root, 'test/package/consumer.ts'), 'utf8');
    const entries = { [manifest.name]: 'index', [`${manifest.name}/testing`]: 'testing/index' };
    let copy = consumer;
    for (const [specifier, entry] of Object.entries(entries)) {
      assert.ok(copy.includes(`from '../../lib/${entry}.js'`), `the consumer imports ${specifier}`);
      copy = copy.replace(`from '../../lib/${entry}.js'`, `from '${specifier}'`);
    }
    mkdirSync(join(app, 'src'));
    writeFileSync(join(app, 'src/consumer.ts'), copy);
    const exported = new Set<string>();
    for (const [specifier, entry] of Object.entries(entries)) {
      const names = exportedNames(join(app, 'node_modules', manifest.name, `dist/${entry}.d.ts`));
      const script = `import('${specifier}').then((m) => console.log(Object.keys(m).join()))`;
      for (const name of run('node', ['-e', script], app).trim().split(','))
        assert.ok(names.has(name), `${name} of ${specifier} is in its declarations`);
      names.forEach((name) => exported.add(name));
    }
    assert.deepEqual(
      [...exported].filter((name) => !new RegExp(`\\b${name}\\b`).test(consumer)),
      [],
      'test/package/consumer.ts uses every export',
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          noImplicitOverride: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src'],
      }),
    );
    const compiled = attempt(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app);
    assert.ok(compiled.ok, compiled.output);
  });
});
