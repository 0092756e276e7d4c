import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testingMessages } from '../../lib/messages/index.js';
import { CONTRACT } from './support.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('nestjs-asynction/testing: socket.io-client is an optional peer', () => {
  // A project like the repository's, but without socket.io-client: the built library and every other package.
  const dir = mkdtempSync(join(tmpdir(), 'asynction-no-client-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the package to install when it is missing', () => {
    mkdirSync(join(dir, 'node_modules'));
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== 'socket.io-client' && !name.startsWith('.'))
        symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
    }
    symlinkSync(join(ROOT, 'build', 'lib'), join(dir, 'lib'), 'dir');
    const script = [
      "import { createTestClient } from './lib/testing/index.js';",
      `const client = createTestClient({ document: ${JSON.stringify(CONTRACT)}, url: 'http://127.0.0.1:9' });`,
      'await client.connect().catch((error) => console.log(error.message));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--preserve-symlinks', '--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
    });
    const printed = run.stdout.trim();
    assert.ok(printed.startsWith(testingMessages.clientMissing('').split(' (')[0]!), `${printed}\n${run.stderr}`);
    assert.match(printed, /npm install --save-dev socket\.io-client$/);
  });
});
