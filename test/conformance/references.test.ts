import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { AsynctionModule } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { inspectDocument } from '../../lib/document/document.reader.js';
import { fixture, rootModule } from '../support/harness.js';
import { runCli } from '../support/cli.js';
import { problem, startupProblems } from '../support/startup.js';

describe('item 14: $ref problems as the document wrote them, and nothing that follows from them', () => {
  const file = fixture('conformance/v3-operation-channel-dangling.yaml');
  const dangling = problem(
    file,
    '#/operations/hello/channel',
    startupMessages.refUnresolved('#/channels/nope', 'nothing at that pointer'),
  );

  it('a dangling $ref is one problem: no "required property" for what it would have supplied', async () => {
    assert.deepEqual(inspectDocument(file, {}).problems, [dangling]);
    assert.deepEqual(await startupProblems(rootModule([AsynctionModule.forRoot(file)])), [dangling]);
  });

  it('asynction validate names files as the user gave them: an absolute path stays absolute', async () => {
    // Run from a sibling folder of the fixture's: a relative rendering of the absolute path reads "../conformance/...".
    const cwd = dirname(dirname(fixture('core/refs/x')));
    const absolute = await runCli(['validate', file], cwd);
    assert.equal(absolute.status, 1);
    assert.equal(
      absolute.stdout,
      `✗ 1 problem in ${file}\n  1. ${file}#/operations/hello/channel: ${dangling.message}\n     Fix: ${dangling.fix}\n`,
    );
    const relative = await runCli(['validate', '../conformance/v3-operation-channel-dangling'], cwd);
    assert.match(relative.stdout, /^✗ 1 problem in \.\.\/conformance\/v3-operation-channel-dangling\.yaml\n/);
  });
});
