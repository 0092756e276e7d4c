import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionModule, AsynctionSpecError } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { runCli, spawnCli } from '../support/cli.js';
import { failedStart, fixture, rootModule } from '../support/harness.js';

const FIXTURES = dirname(fixture('x'));
const asynction = (...args: string[]) => runCli(args, FIXTURES);

interface JsonReport {
  valid: boolean;
  check: string;
  problems: Array<{ file: string; pointer: string; message: string; fix: string }>;
  warnings: Array<{ file: string; pointer: string; message: string; fix: string }>;
  documents: Array<{
    file: string;
    asyncapi: string;
    title: string;
    serverPath: string | null;
    events: Array<Record<string, string>>;
  }>;
}

const json = async (...args: string[]) => {
  const out = await asynction('validate', '--json', ...args);
  return { status: out.status, report: JSON.parse(out.stdout) as JsonReport };
};

describe('asynction validate', () => {
  it('prints a summary of namespaces, events, directions, handler ids and ack schemas, and exits 0', async () => {
    const out = await asynction('validate', 'v3/chat-v3.yaml');
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^✓ v3\/chat-v3\.yaml: AsyncAPI 3\.0\.0 "Chat", 2 namespaces, 5 events$/m);
    assert.match(out.stdout, /^ {2}NAMESPACE +EVENT +DIRECTION +HANDLER +ACK$/m);
    assert.match(
      out.stdout,
      /^ {2}\/ +hello +receive +chat\.hello +#\/channels\/helloReply\/messages\/helloAck\/payload$/m,
    );
    assert.match(
      out.stdout,
      /^ {2}\/admin +banned +send +- +#\/channels\/confirmation\/messages\/confirmation\/payload$/m,
    );
    assert.match(out.stdout, /^ {2}\/admin +\(connect\) +lifecycle +admin\.connect +-$/m);
  });

  it('reports the same for a 2.x document and its 3.x translation (--json)', async () => {
    const rows = async (name: string) => {
      const { status, report } = await json(name);
      assert.equal(status, 0);
      return report.documents[0]!.events.map(({ ack: _ack, ...row }) => row);
    };
    assert.deepEqual(await rows('v3/chat-v2.yaml'), await rows('v3/chat-v3.yaml'));
  });

  // The one test that runs the command in its own process, as a user does; the others run it in-process.
  it('prints every problem with file, pointer and fix, and exits 1', () => {
    const out = spawnCli(['validate', 'broken/v3-operation-message-of-another-channel.yaml'], FIXTURES);
    assert.equal(out.status, 1);
    const expected = startupMessages.operationMessageNotInChannel(
      'hello',
      '#/channels/other/messages/bye',
      '#/channels/main',
    );
    assert.equal(
      out.stdout,
      `✗ 1 problem in broken/v3-operation-message-of-another-channel.yaml\n` +
        `  1. broken/v3-operation-message-of-another-channel.yaml#/operations/hello/messages/0: ${expected.message}\n` +
        `     Fix: ${expected.fix}\n`,
    );
  });

  it('rejects every broken document of test/fixtures/broken, each with one problem', async () => {
    const names = readdirSync(dirname(fixture('broken/x'))).filter((n) => n.endsWith('.yaml'));
    assert.ok(names.length >= 20);
    for (const name of names) {
      const { status, report } = await json(`broken/${name}`);
      assert.equal(status, 1, name);
      assert.equal(report.valid, false);
      assert.equal(report.problems.length, 1, `${name}: ${JSON.stringify(report.problems)}`);
    }
  });

  it('checks exactly what forRoot checks: the same problems as a failed start', async () => {
    const name = 'v3/avro-v3.yaml';
    const { report } = await json(name);
    const { error } = await failedStart(rootModule([AsynctionModule.forRoot(fixture(name))]));
    assert.ok(error instanceof AsynctionSpecError);
    const documentProblems = error.problems.filter((p) => !p.message.includes('has no handler'));
    assert.deepEqual(
      report.problems,
      documentProblems.map((p) => ({ file: p.at.file, pointer: p.at.pointer, message: p.message, fix: p.fix })),
    );
  });

  it('honours --perspective and --server as forRoot honours perspective and serverName', async () => {
    const direction = (events: JsonReport['documents'][number]['events'], event: string) => {
      const row = events.find((e) => e['namespace'] === '/' && e['event'] === event)!;
      return `${row['direction']} ${row['handler'] ?? '-'}`;
    };
    const client = (await json('v3/chat-v2.yaml')).report.documents[0]!.events;
    const application = await json('--perspective', 'application', 'v3/chat-v2.yaml');
    assert.equal(application.status, 0);
    // Read from the application's side, 2.x "subscribe" is what the application receives, "publish" what it sends.
    assert.equal(direction(client, 'welcome'), 'send -');
    assert.equal(direction(application.report.documents[0]!.events, 'welcome'), 'receive sendWelcome');
    assert.equal(direction(application.report.documents[0]!.events, 'hello'), 'send -');
    assert.equal((await json('--server', 'local', 'v3/formats-v3.yaml')).report.documents[0]!.serverPath, '/realtime');
    const missing = await json('--server', 'nope', 'v3/formats-v3.yaml');
    assert.equal(missing.status, 1);
    assert.equal(missing.report.problems[0]!.message, startupMessages.serverUndeclared('nope', ['local']).message);
  });

  it('warns (exit 0) when a 2.x document names operationIds only on what the application sends', async () => {
    const name = 'cli/v2-ids-only-on-subscribe.yaml';
    const expected = startupMessages.perspectiveLikelyApplication(['orders.place', 'orders.status']);
    assert.match(expected.fix, /--perspective application/);
    const out = await asynction('validate', name);
    assert.equal(out.status, 0, out.stdout);
    assert.ok(
      out.stdout.endsWith(
        `warning: ${name}#/channels/~1orders/subscribe/operationId: ${expected.message}\n  Fix: ${expected.fix}\n`,
      ),
      out.stdout,
    );
    const { status, report } = await json(name);
    assert.equal(status, 0);
    assert.equal(report.valid, true);
    assert.deepEqual(
      report.warnings.map((w) => [w.pointer, w.message, w.fix]),
      [['#/channels/~1orders/subscribe/operationId', expected.message, expected.fix]],
    );
    // Either flag says which reading is meant, and silences the warning.
    for (const perspective of ['client', 'application']) {
      const explicit = await json('--perspective', perspective, name);
      assert.equal(explicit.status, 0);
      assert.deepEqual(explicit.report.warnings, [], perspective);
    }
    // A document with handlers on what the application receives gets no warning.
    assert.deepEqual((await json('v3/chat-v2.yaml')).report.warnings, []);
    // What the warning foretells: forRoot refuses the document once the code decorates a subscribe operationId.
    @Injectable()
    class OrderHandlers {
      @AsyncOperation('orders.place')
      place(): boolean {
        return true;
      }
    }
    const { error } = await failedStart(rootModule([AsynctionModule.forRoot(fixture(name))], [OrderHandlers]));
    assert.ok(error instanceof AsynctionSpecError);
    assert.deepEqual(
      error.problems.map((p) => p.message),
      [startupMessages.outboundHandler('orders.place', 'OrderHandlers.place').message],
    );
  });

  it('checks several documents as one application', async () => {
    const { status, report } = await json('v3/multi-a-v2.yaml', 'v3/multi-conflict-v3.yaml');
    assert.equal(status, 1);
    assert.deepEqual(
      report.problems.map((p) => p.pointer),
      ['#/channels/main/messages/ping'],
    );
    assert.equal((await json('v3/multi-a-v2.yaml', 'v3/multi-b-v3.yaml')).status, 0);
  });

  it('with --spec-only checks that a document is valid AsyncAPI, not that it can be served', async () => {
    const name = 'broken/v3-namespace-undeclared.yaml';
    assert.equal((await asynction('validate', name)).status, 1);
    const out = await asynction('validate', '--spec-only', name);
    assert.equal(out.status, 0);
    assert.equal(out.stdout, `✓ ${name}: a valid AsyncAPI document\n`);
    assert.equal((await asynction('validate', '--spec-only', 'broken/v3-info-title-missing.yaml')).status, 1);
  });

  it('prints help, and exits 2 on a usage error', async () => {
    const help = await asynction('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: asynction validate \[options\] <document\.\.\.>/);
    assert.match((await asynction('-v')).stdout, /^\d+\.\d+\.\d+\n$/);
    for (const args of [
      [],
      ['check', 'x.yaml'],
      ['validate'],
      ['validate', '--frobnicate', 'v3/chat-v3.yaml'],
      ['validate', '--perspective', 'server', 'v3/chat-v3.yaml'],
    ]) {
      const out = await asynction(...args);
      assert.equal(out.status, 2, args.join(' '));
      assert.match(out.stderr, /^asynction: .+\nRun "asynction --help" for usage\.\n$/);
      assert.equal(out.stdout, '');
    }
  });

  it('reports a document that does not exist as a problem (exit 1), not a usage error', async () => {
    const { status, report } = await json('v3/nothing-here');
    assert.equal(status, 1);
    assert.match(report.problems[0]!.message, /^AsyncAPI document not found/);
  });
});
