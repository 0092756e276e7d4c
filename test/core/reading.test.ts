import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionModule, AsynctionSpecError, type AsynctionModuleOptions } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { failedStart, fixture, request, rootModule, startApp } from '../support/harness.js';
import { problem, startupProblems } from '../support/startup.js';

@Injectable()
class PingHandlers {
  @AsyncOperation('ping')
  ping(payload: { n: number }): { pong: number } {
    return { pong: payload.n };
  }
}

/** Starts the app, sends `event` to `/` and returns the ack. */
async function ping(
  options: string | AsynctionModuleOptions,
  event: string,
  payload: unknown = { n: 7 },
): Promise<unknown> {
  const t = await startApp(rootModule([AsynctionModule.forRoot(options)], [PingHandlers]));
  try {
    return await request(await t.connect('/'), event, payload);
  } finally {
    await t.close();
  }
}

/** An AsyncAPI 2.x document as an object, with a local `$ref`. */
function pingDocument(version: string): Record<string, unknown> {
  return {
    asyncapi: version,
    info: { title: `Ping ${version}`, version: '1.0.0' },
    channels: {
      '/': {
        publish: {
          message: { name: 'ping', 'x-handler': 'ping', payload: { $ref: '#/components/schemas/Ping' } },
        },
      },
    },
    components: {
      schemas: { Ping: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } },
    },
  };
}

describe('reading a document', () => {
  it('reads YAML (.yaml and .yml) and JSON files', async () => {
    assert.deepEqual(await ping(fixture('core/only-yaml.yaml'), 'yaml'), { pong: 7 });
    assert.deepEqual(await ping(fixture('core/only-yml.yml'), 'yml'), { pong: 7 });
    assert.deepEqual(await ping(fixture('core/only-json.json'), 'json'), { pong: 7 });
  });

  it('finds a path given without extension as .yaml, .yml or .json, in that order', async () => {
    assert.deepEqual(await ping(fixture('core/only-yaml'), 'yaml'), { pong: 7 });
    assert.deepEqual(await ping(fixture('core/only-yml'), 'yml'), { pong: 7 });
    assert.deepEqual(await ping(fixture('core/only-json'), 'json'), { pong: 7 });
    assert.deepEqual(await ping(fixture('core/extension-precedence'), 'yaml'), { pong: 7 });
  });

  it('resolves a relative path from the cwd option', async () => {
    const cwd = dirname(fixture('core/only-yml.yml'));
    assert.deepEqual(await ping({ spec: './only-yml', cwd }, 'yml'), { pong: 7 });
  });

  it('reads every AsyncAPI 2.x version, 2.0.0 to 2.6.0, from an already-parsed object with local $refs', async () => {
    for (const version of ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '2.5.0', '2.6.0']) {
      const document = pingDocument(version);
      const untouched = structuredClone(document);
      assert.deepEqual(await ping({ spec: document }, 'ping', { n: 1 }), { pong: 1 }, version);
      const refused = (await ping({ spec: document }, 'ping', { n: 'one' })) as {
        status: string;
        errors: Array<{ pointer: string }>;
      };
      assert.equal(refused.status, 'error', version);
      assert.equal(refused.errors[0].pointer, '/n', version);
      assert.deepEqual(document, untouched, `${version}: the caller's object was modified`);
    }
  });

  it('names the file and the line:column of a YAML syntax error', async () => {
    const file = fixture('core/yaml-syntax-error.yaml');
    const [only, ...rest] = await startupProblems(rootModule([AsynctionModule.forRoot(file)], [PingHandlers]));
    assert.deepEqual(rest, []);
    const reason = `bad indentation of a mapping entry in "${file}" (10:8)`;
    assert.deepEqual(only, problem(file, '#', startupMessages.documentUnreadable(reason)));
  });

  it('names the file and the line:column of a JSON syntax error', async () => {
    const file = fixture('core/json-syntax-error.json');
    const [only, ...rest] = await startupProblems(rootModule([AsynctionModule.forRoot(file)], [PingHandlers]));
    assert.deepEqual(rest, []);
    const prefix = startupMessages.documentUnreadable('').message;
    assert.deepEqual(only.at, { file, pointer: '#' });
    assert.ok(only.message.startsWith(prefix) && only.message.indexOf(prefix, 1) === -1, only.message);
    // Node 20 names an offset, which the reader turns into line:column; Node 22 names both itself.
    assert.match(only.message, /\(4:16\)|line 4 column 16/);
  });

  it('lists every path it tried when the document does not exist', async () => {
    const missing = fixture('core/no-such-document');
    const problems = await startupProblems(rootModule([AsynctionModule.forRoot(missing)], [PingHandlers]));
    const tried = [missing, `${missing}.yaml`, `${missing}.yml`, `${missing}.json`];
    assert.deepEqual(problems, [problem(missing, '#', startupMessages.documentNotFound(tried))]);
  });

  it('says it cannot read the document (not that document and code disagree), naming the paths tried', async () => {
    const missing = fixture('core/no-such-document');
    const { error } = await failedStart(rootModule([AsynctionModule.forRoot(missing)], [PingHandlers]));
    assert.ok(error instanceof AsynctionSpecError);
    const [header, ...lines] = error.message.split('\n');
    assert.equal(header, 'nestjs-asynction cannot start: cannot read the AsyncAPI document (1 problem).');
    for (const path of [missing, `${missing}.yaml`, `${missing}.yml`, `${missing}.json`])
      assert.ok(lines[0]!.includes(`"${path}"`), `${path} is named: ${lines[0]}`);
    const syntax = await failedStart(
      rootModule([AsynctionModule.forRoot(fixture('core/yaml-syntax-error.yaml'))], [PingHandlers]),
    );
    assert.match(String(syntax.error), /cannot start: cannot read the AsyncAPI document \(1 problem\)\.\n/);
  });

  it('names both kinds of trouble: one document cannot be read, another disagrees with the code', async () => {
    const missing = fixture('core/no-such-document');
    const spec = [missing, pingDocument('2.6.0')];
    const { error } = await failedStart(rootModule([AsynctionModule.forRoot({ spec })]));
    assert.ok(error instanceof AsynctionSpecError);
    assert.equal(
      error.message.split('\n')[0],
      'nestjs-asynction cannot start: cannot read the AsyncAPI document (1 problem); ' +
        'the AsyncAPI document and the code disagree (1 problem).',
    );
    assert.deepEqual(
      error.problems.map((p) => p.message),
      [
        startupMessages.documentNotFound([missing, ...['.yaml', '.yml', '.json'].map((e) => missing + e)]).message,
        startupMessages.missingHandler('ping', 'operation').message,
      ],
    );
  });
});
