import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionEmitter, AsynctionModule, AsynctionSpecError, EmitError } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { failedStart, fixture, nextEvent, request, rootModule, startApp, type TestApp } from '../support/harness.js';

/** Handlers of multi-a-v2.yaml alone; `calls` counts what reached them. */
@Injectable()
class HandlersOfA {
  readonly calls: string[] = [];

  @AsyncOperation('multi.ping')
  ping(text: string) {
    this.calls.push(`ping:${text}`);
    return `pong ${text}`;
  }

  @AsyncOperation('multi.a')
  a(n: number) {
    return n + 1;
  }
}

/** Handlers of multi-a-v2.yaml and multi-b-v3.yaml; `calls` counts what reached them. */
@Injectable()
class MultiHandlers extends HandlersOfA {
  @AsyncOperation('multi.pong')
  pong(flag: boolean) {
    this.calls.push(`pong:${flag}`);
    return !flag;
  }

  @AsyncOperation('multi.b')
  b(n: number) {
    return n * 2;
  }
}

const A = fixture('v3/multi-a-v2.yaml');
const B = fixture('v3/multi-b-v3.yaml');

const layouts: Array<[string, () => ReturnType<typeof AsynctionModule.forRoot>[]]> = [
  ['two forRoot imports', () => [AsynctionModule.forRoot(A), AsynctionModule.forRoot({ spec: B })]],
  ['one forRoot with spec: [a, b]', () => [AsynctionModule.forRoot({ spec: [A, B] })]],
];

for (const [layout, imports] of layouts) {
  describe(`several documents (2.6 + 3.0) in one application: ${layout}`, () => {
    let t: TestApp;
    let handlers: MultiHandlers;
    before(async () => {
      t = await startApp(rootModule(imports(), [MultiHandlers]));
      handlers = t.app.get(MultiHandlers);
    });
    after(() => t.close());

    it('serves the events of both documents in the namespace they share, each handled once', async () => {
      const socket = await t.connect();
      assert.equal(await request(socket, 'ping', 'one'), 'pong one');
      assert.equal(await request(socket, 'pong', true), false);
      assert.deepEqual(
        handlers.calls.filter((c) => c === 'ping:one' || c === 'pong:true'),
        ['ping:one', 'pong:true'],
      );
      assert.equal((await request<{ status: string }>(socket, 'ping', 'far too long')).status, 'error');
    });

    it("serves each document's own namespaces", async () => {
      assert.equal(await request(await t.connect('/a'), 'a', 1), 2);
      assert.equal(await request(await t.connect('/b'), 'b', 4), 8);
    });

    it('has one emitter for every document, validating against the one that declares the message', async () => {
      const emitter = t.app.get(AsynctionEmitter);
      const [main, b] = await Promise.all([t.connect(), t.connect('/b')]);
      const news = nextEvent(main, 'news');
      const bnews = nextEvent(b, 'bnews');
      emitter.emit('/', 'news', 'from A');
      emitter.emit('/b', 'bnews', 3);
      assert.deepEqual(await Promise.all([news, bnews]), ['from A', 3]);
      assert.throws(() => emitter.emit('/b', 'bnews', -1), EmitError);
    });
  });
}

describe('several documents that disagree', () => {
  const conflict = fixture('v3/multi-conflict-v3.yaml');
  const expected = startupMessages.documentsConflict('inbound event "ping"', '/', {
    file: A,
    pointer: '#/channels/~1/publish/message',
  });

  for (const [layout, imports] of [
    ['two forRoot imports', () => [AsynctionModule.forRoot(A), AsynctionModule.forRoot(conflict)]],
    ['one forRoot with two documents', () => [AsynctionModule.forRoot({ spec: [A, conflict] })]],
  ] as const) {
    it(`refuse to start, naming both places (${layout})`, async () => {
      const { error, portClosed } = await failedStart(rootModule(imports(), [MultiHandlers]));
      assert.ok(error instanceof AsynctionSpecError);
      assert.deepEqual(error.problems, [
        { at: { file: conflict, pointer: '#/channels/main/messages/ping' }, ...expected },
      ]);
      assert.equal(portClosed, true);
    });
  }

  it('are served once when they declare the same event identically', async () => {
    const t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(A), AsynctionModule.forRoot(fixture('v3/multi-same-v3.yaml'))],
        [HandlersOfA],
      ),
    );
    try {
      const handlers = t.app.get(HandlersOfA);
      assert.equal(await request(await t.connect(), 'ping', 'twice?'), 'pong twice?');
      assert.deepEqual(
        handlers.calls.filter((c) => c === 'ping:twice?'),
        ['ping:twice?'],
      );
    } finally {
      await t.close();
    }
  });

  it('refuse an empty list of documents', async () => {
    const { error } = await failedStart(rootModule([AsynctionModule.forRoot({ spec: [] })]));
    assert.ok(error instanceof AsynctionSpecError);
    assert.deepEqual(error.problems, [
      { at: { file: '<options>', pointer: '#/spec' }, ...startupMessages.noDocuments() },
    ]);
  });
});
