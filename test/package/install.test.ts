import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A user's first minutes: the packed library installed into a fresh application with the README's install line,
// then a file that uses every export compiled there with strict types and skipLibCheck off. One npm install per run
// (about 5-10 s with a warm npm cache); the registry is asked only for what the cache lacks.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  devDependencies: Record<string, string>;
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

/** The packages of the README's `npm install nestjs-asynction ...` line. */
function readmeInstallLine(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith(`npm install ${manifest.name} `));
  assert.ok(line, `README.md has an "npm install ${manifest.name} ..." line`);
  return line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
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

describe('the packed library in a fresh application', { timeout: 600_000 }, () => {
  const app = mkdtempSync(join(tmpdir(), 'asynction-install-'));
  after(() => rmSync(app, { recursive: true, force: true }));

  it('installs with the README line, resolves one socket.io, and compiles every export strictly', (t) => {
    const started = Date.now();
    const [pack] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', app], root)) as Array<{
      filename: string;
    }>;
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const packages = readmeInstallLine().map((p) => (p === manifest.name ? `./${pack.filename}` : p));
    // A TypeScript application has Node's types; the compiler is the project's own (TypeScript 7).
    packages.push(`@types/node@${manifest.devDependencies['@types/node']}`);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packages], app);
    t.diagnostic(`npm pack + npm install took ${Date.now() - started} ms`);

    const tree = JSON.parse(attempt('npm', ['ls', 'socket.io', '--all', '--json'], app).output) as LsNode;
    const nestPins = JSON.parse(
      readFileSync(join(app, 'node_modules/@nestjs/platform-socket.io/package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    assert.deepEqual([...versionsOf('socket.io', tree)], [nestPins.dependencies['socket.io']]);

    const consumer = readFileSync(join(root, 'test/package/consumer.ts'), 'utf8');
    assert.ok(consumer.includes("from '../../lib/index.js'"));
    mkdirSync(join(app, 'src'));
    writeFileSync(
      join(app, 'src/consumer.ts'),
      consumer.replace("from '../../lib/index.js'", `from '${manifest.name}'`),
    );
    const exported = exportedNames(join(app, 'node_modules', manifest.name, 'dist/index.d.ts'));
    const runtime = run(
      'node',
      ['-e', `import('${manifest.name}').then((m) => console.log(Object.keys(m).join()))`],
      app,
    );
    for (const name of runtime.trim().split(',')) assert.ok(exported.has(name), `${name} is in the declarations`);
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
