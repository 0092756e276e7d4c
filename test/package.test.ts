import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the published package', () => {
  it('contains dist only (with types), is ESM, and pins @asyncapi/specs to 6.11.1', () => {
    // The compiler itself, not through npx, whose own start-up cost more than the compile.
    execFileSync(`${root}node_modules/.bin/tsc`, ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
    const files = pack.files.map((f) => f.path);
    const outside = files.filter(
      (f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f),
    );
    assert.deepEqual(outside, []);
    assert.ok(files.includes('dist/index.js'));
    assert.ok(files.includes('dist/index.d.ts'));
    assert.ok(!files.some((f) => f.includes('sample') || f.includes('test/')), 'samples and tests are not shipped');
    const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<
      string,
      Record<string, string> | string
    >;
    assert.equal(manifest.type, 'module');
    assert.equal((manifest.dependencies as Record<string, string>)['@asyncapi/specs'], '6.11.1');
    assert.ok(existsSync(`${root}dist/index.d.ts`));
    assert.ok(files.includes('dist/testing/index.js') && files.includes('dist/testing/index.d.ts'));
  });

  it('exports nestjs-asynction/testing, with types, and socket.io-client stays an optional peer', async () => {
    const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      dependencies: Record<string, string>;
    };
    assert.deepEqual(manifest.exports['./testing'], {
      types: './dist/testing/index.d.ts',
      default: './dist/testing/index.js',
    });
    assert.equal(manifest.peerDependenciesMeta['socket.io-client']?.optional, true);
    assert.equal(manifest.dependencies['socket.io-client'], undefined);
    // The package resolves its own name through "exports" (dist/ was built by the test above).
    const specifier = 'nestjs-asynction/testing';
    const testing = (await import(specifier)) as Record<string, unknown>;
    assert.deepEqual(
      ['createTestClient', 'ContractCoverage', 'appUrl', 'ContractViolationError'].map((name) => typeof testing[name]),
      ['function', 'function', 'function', 'function'],
    );
  });
});
