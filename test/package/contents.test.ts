import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('the published package', () => {
  // The publish build (`prepack`), which starts from an empty dist/: nothing stale is packed.
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'pipe' });
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
  const files = pack.files.map((f) => f.path);
  const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    type: string;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };

  it('contains dist only (with types), is ESM, and pins @asyncapi/specs to 6.11.1', () => {
    const outside = files.filter(
      (f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f),
    );
    assert.deepEqual(outside, []);
    assert.ok(files.includes('dist/index.js'));
    assert.ok(files.includes('dist/index.d.ts'));
    assert.ok(!files.some((f) => f.includes('sample') || f.includes('test/')), 'samples and tests are not shipped');
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.dependencies['@asyncapi/specs'], '6.11.1');
  });

  it('ships no source maps, so nothing in it points to sources it does not ship', () => {
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map')),
      [],
    );
    const pointing = files
      .filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))
      .filter((f) => readFileSync(`${root}${f}`, 'utf8').includes('//# sourceMappingURL='));
    assert.deepEqual(pointing, []);
  });

  it('declares no socket.io of its own: the application has the one @nestjs/platform-socket.io pins', () => {
    const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
    assert.equal(declared['socket.io'], undefined);
    assert.equal(declared['socket.io-adapter'], undefined);
    assert.ok(declared['@nestjs/platform-socket.io']);
  });
});
