import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionEmitter, AsynctionModule, EmitError, type ClientError } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { readDocument } from '../../lib/document/document.reader.js';
import { fixture, request, rootModule } from '../support/harness.js';
import { problem, serve, startupProblems } from '../support/startup.js';

interface Order {
  sku: string;
  quantity: number;
}

@Injectable()
class OrderHandlers {
  @AsyncOperation('orders.place')
  place(order: Order): object {
    return order.sku === 'no-receipt' ? {} : { orderId: `${order.sku}-${order.quantity}` };
  }
}

@Injectable()
class ListHandlers {
  @AsyncOperation('list.add')
  add(item: { name: string; count: number }): string | number {
    return item.count === 0 ? 0 : `added ${item.count} ${item.name}`;
  }

  @AsyncOperation('list.remove')
  remove(item: { name: string }): string {
    return `removed ${item.name}`;
  }

  @AsyncOperation('list.clear')
  clear(): string {
    return 'cleared';
  }
}

@Injectable()
class WordHandlers {
  @AsyncOperation('words.short')
  short(word: string): string {
    return `short ${word}`;
  }

  @AsyncOperation('words.any')
  any(word: string): string {
    return `any ${word}`;
  }
}

interface Tree {
  label: unknown;
  children?: Tree[];
}

@Injectable()
class TreeHandlers {
  @AsyncOperation('tree.plant')
  plant(tree: Tree): Tree {
    return tree;
  }
}

@Injectable()
class NoteHandlers {
  @AsyncOperation('notes.take')
  take(note: object): object {
    return note;
  }
}

@Injectable()
class PingHandlers {
  @AsyncOperation('ping')
  ping(): void {}
}

describe('$ref: local and relative-file references', () => {
  const t = serve('core/ref-relative-file.yaml', [OrderHandlers]);

  it('reads messages from a file in a sub-folder, whose own local and relative refs resolve from that file', async () => {
    const socket = await t().connect('/orders');
    assert.deepEqual(await request(socket, 'place', { sku: 'abc', quantity: 2 }), { orderId: 'abc-2' });
    // #/schemas/Quantity, local to refs/orders.yaml
    const refused = await request<ClientError>(socket, 'place', { sku: 'abc', quantity: 0 });
    assert.equal(refused.status, 'error');
    assert.deepEqual(
      refused.errors?.map((e) => e.pointer),
      ['/quantity'],
    );
    // The ack schema comes from refs/receipt.yaml, referenced relative to refs/orders.yaml: `{}` is not a receipt.
    const badAck = await request<ClientError>(socket, 'place', { sku: 'no-receipt', quantity: 1 });
    assert.equal(badAck.status, 'error');
  });

  it('validates emitted messages against a schema from the referenced file', () => {
    const emitter = t().app.get(AsynctionEmitter);
    assert.throws(() => emitter.emit('/orders', 'placed', { sku: 'abc', quantity: 0 }), EmitError);
    emitter.emit('/orders', 'placed', { sku: 'abc', quantity: 1 });
  });
});

describe('$ref: references inside arrays', () => {
  const t = serve('core/ref-in-oneof-list.yaml', [ListHandlers]);

  it('resolves $refs listed in a oneOf of messages and in an allOf of schemas, and an x-ack that is a $ref', async () => {
    const socket = await t().connect('/');
    assert.equal(await request(socket, 'add', { name: 'pears', count: 2 }), 'added 2 pears');
    // The handler acks 0, which the referenced x-ack (a string) refuses.
    assert.equal((await request<ClientError>(socket, 'add', { name: 'pears', count: 0 })).status, 'error');
    const refused = await request<ClientError>(socket, 'add', { name: 'pears' });
    assert.equal(refused.status, 'error');
    assert.match(refused.message, /count/);
    assert.equal(await request(socket, 'remove', { name: 'pears' }), 'removed pears');
    assert.equal(await request(socket, 'clear', null), 'cleared');
  });
});

describe('$ref: keys beside a $ref', () => {
  const t = serve('core/ref-siblings-merged.yaml', [WordHandlers]);

  it('merges sibling keys over the referenced object, leaving the referenced object as declared', async () => {
    const main = await t().connect('/');
    assert.equal(await request(main, 'shortWord', 'tree'), 'short tree');
    const refused = await request<ClientError>(main, 'shortWord', 'forest');
    assert.equal(refused.status, 'error');
    assert.match(refused.message, /must NOT have more than 5 characters/);
    // /plain references the same message and schema without sibling keys: name "word", maxLength 100.
    const plain = await t().connect('/plain');
    assert.equal(await request(plain, 'word', 'forest'), 'any forest');
  });
});

describe('$ref: recursive schemas', () => {
  const t = serve('core/ref-recursive-tree.yaml', [TreeHandlers]);
  const leaf = (label: unknown): Tree => ({ label });

  it('accepts a valid tree nested several levels deep, and validates the recursive ack', async () => {
    const socket = await t().connect('/');
    const tree: Tree = {
      label: 'root',
      children: [leaf('a'), { label: 'b', children: [{ label: 'c', children: [leaf('d')] }] }],
    };
    assert.deepEqual(await request(socket, 'plant', tree), tree);
  });

  it('rejects an invalid node deep in the tree, naming its JSON pointer', async () => {
    const socket = await t().connect('/');
    const tree: Tree = {
      label: 'root',
      children: [leaf('a'), { label: 'b', children: [leaf('c'), { label: 'd', children: [leaf(42)] }] }],
    };
    const refused = await request<ClientError>(socket, 'plant', tree);
    assert.equal(refused.status, 'error');
    assert.deepEqual(
      refused.errors?.map((e) => e.pointer),
      ['/children/1/children/1/children/0/label'],
    );
  });
});

describe('$ref: values that are not references', () => {
  const t = serve('core/ref-scalars-not-refs.yaml', [NoteHandlers]);

  it('keeps numbers, booleans, null, "$ref: x" strings, {"$ref": 5} examples and a property named $ref as data', async () => {
    const document = readDocument(fixture('core/ref-scalars-not-refs.yaml'), {
      validation: true,
      perspective: 'client',
    });
    assert.deepEqual(document.problems, []);
    const schema = document.model.namespaces.get('/')?.inbound.get('note')?.payload?.schema as Record<string, any>;
    assert.deepEqual(schema.example, { $ref: 5 });
    assert.deepEqual(schema.properties.$ref, { type: 'string', description: '$ref: x', default: '$ref: x' });
    assert.deepEqual(schema.properties.tag.default, null);
    assert.equal(schema.properties.archived.default, false);
    assert.equal(schema.properties.priority.default, 0);

    const socket = await t().connect('/');
    const note = { $ref: 'x', priority: 2.5, archived: true, tag: null };
    assert.deepEqual(await request(socket, 'note', note), note);
    const refused = await request<ClientError>(socket, 'note', { $ref: 5 });
    assert.equal(refused.status, 'error');
    assert.deepEqual(
      refused.errors?.map((e) => e.pointer),
      ['/$ref'],
    );
  });
});

describe('$ref: unresolvable references are startup problems', () => {
  const start = (file: string) => startupProblems(rootModule([AsynctionModule.forRoot(fixture(file))], [PingHandlers]));

  it('names the file and pointer of a $ref to a missing file', async () => {
    const file = fixture('core/ref-missing-file.yaml');
    // The reference as the document wrote it, never the absolute path it resolved to.
    assert.deepEqual(await start('core/ref-missing-file.yaml'), [
      problem(
        file,
        '#/channels/~1/publish/message',
        startupMessages.refUnresolved(
          './refs/no-such-file.yaml#/Message',
          'file "./refs/no-such-file.yaml" does not exist',
        ),
      ),
    ]);
  });

  it('names the file and pointer of a $ref to a missing JSON pointer', async () => {
    const file = fixture('core/ref-missing-pointer.yaml');
    const problems = await start('core/ref-missing-pointer.yaml');
    assert.deepEqual(problems, [
      problem(
        file,
        '#/channels/~1/publish/message',
        startupMessages.refUnresolved('#/components/messages/NoSuchMessage', 'nothing at that pointer'),
      ),
    ]);
  });

  it('names the file and pointer of a $ref to a remote URL, which is never fetched', async () => {
    const file = fixture('core/ref-remote-url.yaml');
    const problems = await start('core/ref-remote-url.yaml');
    assert.deepEqual(problems, [
      problem(
        file,
        '#/channels/~1/publish/message/payload',
        startupMessages.refRemote('https://example.com/schemas/ping.json'),
      ),
    ]);
  });
});
