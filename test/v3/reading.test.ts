import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionModule, AsynctionSpecError } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { readDocument } from '../../lib/document/document.reader.js';
import { SERVED_SCHEMA_FORMATS } from '../../lib/document/schema-format.js';
import { failedStart, fixture, request, rootModule, startApp } from '../support/harness.js';

const read = (name: string, options: { perspective?: 'client' | 'application'; serverName?: string } = {}) =>
  readDocument(fixture(name), {
    validation: true,
    perspective: options.perspective ?? 'client',
    serverName: options.serverName,
  });

/** The events of namespace `/`, by direction, with their handler ids. */
function events(name: string, perspective?: 'client' | 'application') {
  const document = read(name, { perspective });
  assert.deepEqual(document.problems, []);
  const ns = document.model.namespaces.get('/')!;
  const list = (m: typeof ns.inbound) => [...m.values()].map((e) => `${e.event}:${e.handler?.id ?? '-'}`);
  return { inbound: list(ns.inbound), outbound: list(ns.outbound), document };
}

@Injectable()
class TraitHandlers {
  @AsyncOperation('traits.handled')
  handled(payload: string) {
    return `got ${payload}`;
  }
}

@Injectable()
class FormatHandlers {
  @AsyncOperation('formats.any')
  any(payload: unknown) {
    return typeof payload === 'number' ? 'yes' : payload === 'maybe' ? 'maybe' : 'no';
  }
}

@Injectable()
class MeasureHandlers {
  @AsyncOperation('measure')
  measure() {}
}

describe('AsyncAPI 3 reading', () => {
  it('merges 2.x traits as a JSON Merge Patch over the object: the trait wins (name, operationId)', async () => {
    assert.deepEqual(events('v3/traits-v2.yaml').inbound, ['fromTrait:traits.handled']);
    const t = await startApp(rootModule([AsynctionModule.forRoot(fixture('v3/traits-v2.yaml'))], [TraitHandlers]));
    try {
      assert.equal(await request(await t.connect(), 'fromTrait', 'x'), 'got x');
    } finally {
      await t.close();
    }
  });

  it('merges 3.x traits under the object: the object wins, a trait only fills what is missing', async () => {
    assert.deepEqual(events('v3/traits-v3.yaml').inbound, [
      'fromMessage:traits.handled',
      'fromTraitOnly:traits.handled',
    ]);
    const t = await startApp(rootModule([AsynctionModule.forRoot(fixture('v3/traits-v3.yaml'))], [TraitHandlers]));
    try {
      const socket = await t.connect();
      assert.equal(await request(socket, 'fromMessage', 'a'), 'got a');
      assert.equal(await request(socket, 'fromTraitOnly', 'b'), 'got b');
    } finally {
      await t.close();
    }
  });

  it('serves Multi Format Schema Objects in JSON Schema draft-07 and AsyncAPI Schema, and a reply of several messages', async () => {
    const { inbound, document } = events('v3/formats-v3.yaml');
    // No "messages" on the operation: all of the channel's; no "name": the message's key is the event.
    assert.deepEqual(inbound, ['jsonSchema:formats.any', 'asyncapiSchema:formats.any']);
    assert.deepEqual(document.model.namespaces.get('/')!.inbound.get('jsonSchema')!.ack!.schema, {
      anyOf: [{ const: 'yes' }, { const: 'no' }],
    });
    const t = await startApp(rootModule([AsynctionModule.forRoot(fixture('v3/formats-v3.yaml'))], [FormatHandlers]));
    try {
      const socket = await t.connect();
      assert.equal(await request(socket, 'jsonSchema', 12), 'yes');
      assert.equal((await request<{ status: string }>(socket, 'jsonSchema', 9)).status, 'error');
      assert.equal(await request(socket, 'asyncapiSchema', 'abc'), 'no');
      assert.equal((await request<{ status: string }>(socket, 'asyncapiSchema', 'ABC')).status, 'error');
      // "maybe" is neither reply message: never sent
      assert.equal((await request<{ status: string }>(socket, 'asyncapiSchema', 'maybe')).status, 'error');
    } finally {
      await t.close();
    }
  });

  it('refuses to start on a payload format it cannot validate, naming the message, in 3.x and 2.x', async () => {
    for (const [name, pointer] of [
      ['v3/avro-v3.yaml', '#/channels/main/messages/measured/payload/schemaFormat'],
      ['v3/avro-v2.yaml', '#/channels/~1/publish/message/schemaFormat'],
    ] as const) {
      const { error } = await failedStart(rootModule([AsynctionModule.forRoot(fixture(name))], [MeasureHandlers]));
      assert.ok(error instanceof AsynctionSpecError);
      assert.deepEqual(error.problems, [
        {
          at: { file: fixture(name), pointer },
          ...startupMessages.schemaFormatUnsupported(
            'application/vnd.apache.avro;version=1.9.0',
            'message "measured" of namespace "/"',
            SERVED_SCHEMA_FORMATS,
          ),
        },
      ]);
    }
  });

  it('takes the socket.io path from a 3.x server\'s "pathname"', () => {
    assert.equal(read('v3/formats-v3.yaml', { serverName: 'local' }).model.serverPath, '/realtime');
  });

  it('reads "action" as the application\'s: the 2.x perspective option does not apply', () => {
    assert.deepEqual(events('v3/chat-v3.yaml', 'application').inbound, events('v3/chat-v3.yaml', 'client').inbound);
    assert.deepEqual(events('v3/chat-v3.yaml').outbound, ['welcome:-']);
  });

  it('requires a method for each receive operation, and refuses one for a send operation', async () => {
    @Injectable()
    class Wrong {
      @AsyncOperation('traits.handled')
      handled() {}
      @AsyncOperation('sendWelcome')
      welcome() {}
    }
    const { error } = await failedStart(rootModule([AsynctionModule.forRoot(fixture('v3/chat-v3.yaml'))], [Wrong]));
    assert.ok(error instanceof AsynctionSpecError);
    const text = error.problems.map((p) => `${p.at.pointer} ${p.message}`);
    assert.ok(
      text.includes(`#/operations/chat.hello ${startupMessages.missingHandler('chat.hello', 'operation').message}`),
      text.join('\n'),
    );
    assert.ok(
      text.includes(
        `#/operations/sendWelcome ${startupMessages.outboundHandler('sendWelcome', 'Wrong.welcome').message}`,
      ),
      text.join('\n'),
    );
  });
});
