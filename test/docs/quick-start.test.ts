import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/harness.js';
import { codeBlocksOf, repoRoot, type CodeBlock } from '../support/markdown.js';
import { printed, Sandbox, type Run } from '../support/sandbox.js';

const quickStart = codeBlocksOf('README.md').filter((block) => block.section === 'Quick start');
const labelled = quickStart.filter((block) => block.label);
const shell = quickStart.filter((block) => block.lang === 'sh');

/** The package names of the `npm install` lines of the quick start. */
function installed(): Set<string> {
  const text = shell.map((block) => block.code.replaceAll('\\\n', ' ')).join('\n');
  const names = text
    .split('\n')
    .filter((line) => /^\s*(?:.*&&\s*)?npm install\b/.test(line) || line.includes('npm install '))
    .flatMap((line) => line.slice(line.indexOf('npm install ') + 'npm install '.length).split(/\s+/))
    .filter((word) => word && !word.startsWith('-') && !word.startsWith('#'));
  return new Set(names);
}

/** Bare module names the quick start's TypeScript imports. */
function imported(blocks: CodeBlock[]): Set<string> {
  const names = new Set<string>();
  for (const block of blocks.filter((b) => b.lang === 'ts')) {
    for (const [, specifier] of block.code.matchAll(/from '([^']+)'/g)) {
      if (specifier.startsWith('.')) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return names;
}

describe('the README quick start, run as written against the local build', () => {
  const sandbox = new Sandbox();
  let server: Run | undefined;

  before(() => {
    for (const block of labelled) sandbox.write(block.label!, block.code);
  });
  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exit;
    }
    sandbox.remove();
  });

  it('has its files, install lines and run commands', () => {
    assert.deepEqual(
      labelled.map((block) => block.label),
      ['tsconfig.json', 'docs/asyncapi.yaml', 'src/user.handlers.ts', 'src/main.ts', 'src/client.ts'],
    );
    assert.ok(shell.length >= 2, 'an install block and a run block');
  });

  it('installs every package the app needs: what the code imports, the HTTP driver, the peers of the library', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    const peers = Object.keys(manifest.peerDependencies).filter(
      (name) => !manifest.peerDependenciesMeta[name]?.optional && name !== 'socket.io',
    );
    const needed = new Set([...imported(quickStart), '@nestjs/platform-express', 'typescript', ...peers]);
    // socket.io comes with @nestjs/platform-socket.io, which pins it: naming it again could install a second copy.
    needed.delete('socket.io');
    const have = installed();
    assert.deepEqual(
      [...needed].filter((name) => !have.has(name)),
      [],
    );
  });

  it('compiles with its tsconfig.json, starts, answers the client, and the client exits by itself', async () => {
    const compiled = sandbox.tsc('-p', '.');
    assert.equal(compiled.status, 0, compiled.output);
    const commands = shell.flatMap((block) => [...block.code.matchAll(/\bnode (dist\/\S+\.js)/g)].map((m) => m[1]));
    assert.deepEqual(commands, ['dist/main.js', 'dist/client.js']);

    const port = await freePort();
    server = sandbox.node(commands[0], { PORT: String(port) });
    await printed(server, /Account Service: socket\.io on http:\/\/localhost:\d+\/user/);

    const client = sandbox.node(commands[1], { PORT: String(port) });
    const code = await client.exitWithin();
    assert.equal(client.child.signalCode, null, `the client did not exit by itself:\n${client.stdout}`);
    assert.equal(code, 0, client.stderr);
    assert.equal(client.stdout, '{ ok: true }\n');
    await printed(server, /Ann signed up \(socket [\w-]+\)/);
  });
});
