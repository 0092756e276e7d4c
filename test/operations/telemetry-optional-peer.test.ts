import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logMessages } from '../../lib/messages/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('telemetry: @opentelemetry/api is an optional peer', () => {
  // A project like the repository's, without any @opentelemetry package: the built library and everything else.
  const dir = mkdtempSync(join(tmpdir(), 'asynction-no-otel-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads nothing without the option, and names the package to install with it', () => {
    mkdirSync(join(dir, 'node_modules'));
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== '@opentelemetry' && !name.startsWith('.'))
        symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
    }
    symlinkSync(join(ROOT, 'build', 'lib'), join(dir, 'lib'), 'dir');
    const script = [
      "import { AsynctionTelemetry } from './lib/telemetry/index.js';",
      'const off = await AsynctionTelemetry.load(false);',
      'off.onModuleInit();',
      "console.log(off.observer === undefined ? 'off' : 'loaded');",
      'const on = await AsynctionTelemetry.load(true);',
      'try { on.onModuleInit(); } catch (error) { console.log(error.message); }',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--preserve-symlinks', '--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
    });
    const [off, message] = run.stdout.trim().split('\n');
    assert.equal(off, 'off', run.stderr);
    assert.ok(
      message?.startsWith(logMessages.telemetryPackageMissing('').split(' (')[0]!),
      `${message}\n${run.stderr}`,
    );
    assert.match(message, /Fix: npm install @opentelemetry\/api/);
  });
});
