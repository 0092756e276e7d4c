import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDocument } from '../../lib/document/document.reader.js';
import { applyTraitsV2, applyTraitsV3 } from '../../lib/document/traits.js';

describe('traits', () => {
  it('2.x: each trait is a JSON Merge Patch over the object, in order (later traits win, null deletes)', () => {
    const merged = applyTraitsV2({
      name: 'object',
      summary: 'kept',
      bindings: { ws: { method: 'GET', query: { a: 1 } } },
      traits: [
        { name: 'first', bindings: { ws: { method: 'POST' } } },
        { name: 'second', summary: null },
      ],
    });
    assert.equal(merged.name, 'second');
    assert.equal('summary' in merged, false);
    assert.deepEqual(merged.bindings, { ws: { method: 'POST', query: { a: 1 } } });
  });

  it('3.x: traits merge in order, then the object over them (the object always wins)', () => {
    const merged: Record<string, unknown> = applyTraitsV3({
      name: 'object',
      bindings: { ws: { method: 'GET' } },
      traits: [
        { name: 'first', title: 'from trait', bindings: { ws: { method: 'POST', query: { a: 1 } } } },
        { title: 'later trait' },
      ],
    });
    assert.equal(merged.name, 'object');
    assert.equal(merged.title, 'later trait');
    assert.deepEqual(merged.bindings, { ws: { method: 'GET', query: { a: 1 } } });
  });

  it('never modifies the resolved document, and keeps a recursive payload a cycle', () => {
    const tree: Record<string, unknown> = { type: 'object', properties: {} };
    (tree.properties as Record<string, unknown>).children = { type: 'array', items: tree };
    const trait = { name: 'node' };
    const message = { payload: tree, traits: [trait] };
    const merged = applyTraitsV3(message);
    assert.equal(merged.payload, tree);
    assert.deepEqual(message, { payload: tree, traits: [trait] });
    const document = readDocument(
      {
        asyncapi: '3.0.0',
        info: { title: 'Tree', version: '1' },
        channels: {
          main: {
            address: '/',
            messages: { node: { payload: { $ref: '#/components/schemas/Tree' }, traits: [{ name: 'node' }] } },
          },
        },
        operations: { grow: { action: 'receive', channel: { $ref: '#/channels/main' } } },
        components: {
          schemas: {
            Tree: {
              type: 'object',
              properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } },
            },
          },
        },
      },
      { validation: true, perspective: 'client' },
    );
    assert.deepEqual(document.problems, []);
    const node = document.model.namespaces.get('/')!.inbound.get('node')!;
    const check = document.validators.get(node)!.payload!;
    assert.equal(check.check({ children: [{ children: [] }] }), true);
    assert.equal(check.check({ children: [{ children: 'no' }] }), false);
  });
});
