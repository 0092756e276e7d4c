import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefResolver } from '../../lib/document/ref.resolver.js';
import { sourceOf, type CheckedDocument } from '../../lib/document/document.origins.js';

const ROOT = '/docs/asyncapi.json';
const schema = () => ({
  type: 'object',
  properties: { x: { type: 'integer' } },
  allOf: [{ required: ['x'] }],
  tags: [{ name: 'first' }],
});

/** Resolves `raw` as the root file `ROOT` and answers where a pointer into the resolved document was written. */
function locator(raw: Record<string, unknown>): (pointer: string) => { file: string; pointer: string } {
  const resolver = new RefResolver(ROOT, raw);
  const resolved = resolver.resolveFile(ROOT) as Record<string, unknown>;
  assert.deepEqual(resolver.problems, []);
  const doc: CheckedDocument = { file: ROOT, raw, resolved, origins: resolver.origins };
  return (pointer) => sourceOf(doc, pointer);
}

const payload = '#/channels/~1a/publish/message/payload';

describe('where a place of the resolved document was written', () => {
  it('names the path itself for what was written inline', () => {
    const at = locator({ channels: { '/a': { publish: { message: { payload: schema() } } } } });
    assert.deepEqual(at(`${payload}/properties/x/type`), { file: ROOT, pointer: `${payload}/properties/x/type` });
    assert.deepEqual(at(`${payload}/allOf/0/required/0`), { file: ROOT, pointer: `${payload}/allOf/0/required/0` });
  });

  for (const order of ['components first', 'channels first'] as const) {
    it(`names the $ref's target, inside arrays too, whichever is read first (${order})`, () => {
      const components = { schemas: { S: schema() } };
      const channels = { '/a': { publish: { message: { payload: { $ref: '#/components/schemas/S' } } } } };
      const at = locator(order === 'components first' ? { components, channels } : { channels, components });
      const s = '#/components/schemas/S';
      assert.deepEqual(at(`${payload}/properties/x/type`), { file: ROOT, pointer: `${s}/properties/x/type` });
      assert.deepEqual(at(`${payload}/allOf/0/required`), { file: ROOT, pointer: `${s}/allOf/0/required` });
      assert.deepEqual(at(`${payload}/tags/0/name`), { file: ROOT, pointer: `${s}/tags/0/name` });
      assert.deepEqual(at(`${s}/properties/x`), { file: ROOT, pointer: `${s}/properties/x` });
    });

    it(`names the $ref for keys beside it, and the target for what comes from there (${order})`, () => {
      const components = { schemas: { S: schema() } };
      const ref = { $ref: '#/components/schemas/S', description: 'beside', properties: { y: { type: 'string' } } };
      const channels = { '/a': { publish: { message: { payload: ref } } } };
      const at = locator(order === 'components first' ? { components, channels } : { channels, components });
      const s = '#/components/schemas/S';
      assert.deepEqual(at(`${payload}/description`), { file: ROOT, pointer: `${payload}/description` });
      assert.deepEqual(at(`${payload}/properties/y/type`), { file: ROOT, pointer: `${payload}/properties/y/type` });
      assert.deepEqual(at(`${payload}/allOf/0/required`), { file: ROOT, pointer: `${s}/allOf/0/required` });
      assert.deepEqual(at(`${payload}/tags/0`), { file: ROOT, pointer: `${s}/tags/0` });
    });
  }

  it('names the target for what a $ref to an array brings, and the path for the array itself', () => {
    const raw = {
      components: { lists: { L: [{ a: 1 }, [{ b: 2 }]] } },
      channels: { '/a': { x: { $ref: '#/components/lists/L' } } },
    };
    const at = locator(raw);
    assert.deepEqual(at('#/channels/~1a/x'), { file: ROOT, pointer: '#/channels/~1a/x' });
    assert.deepEqual(at('#/channels/~1a/x/0/a'), { file: ROOT, pointer: '#/components/lists/L/0/a' });
    assert.deepEqual(at('#/channels/~1a/x/1/0/b'), { file: ROOT, pointer: '#/components/lists/L/1/0/b' });
  });

  it('names the other file and the pointer in it for what a $ref brings from there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asynction-origins-'));
    try {
      writeFileSync(join(dir, 'common.json'), JSON.stringify({ Order: { inner: schema() } }));
      const root = join(dir, 'asyncapi.json');
      const raw = { channels: { '/a': { publish: { message: { payload: { $ref: 'common.json#/Order' } } } } } };
      const resolver = new RefResolver(root, raw);
      const resolved = resolver.resolveFile(root) as Record<string, unknown>;
      assert.deepEqual(resolver.problems, []);
      const doc: CheckedDocument = { file: root, raw, resolved, origins: resolver.origins };
      assert.deepEqual(sourceOf(doc, `${payload}/inner/allOf/0`), {
        file: join(dir, 'common.json'),
        pointer: '#/Order/inner/allOf/0',
      });
      assert.deepEqual(sourceOf(doc, '#/channels/~1a/publish'), { file: root, pointer: '#/channels/~1a/publish' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives one raw object shared by two places (a YAML alias) a copy at each, each named by its own path', () => {
    const shared = schema();
    const at = locator({ channels: { '/a': { publish: { message: { payload: shared } } }, '/b': { x: shared } } });
    assert.deepEqual(at(`${payload}/properties/x`), { file: ROOT, pointer: `${payload}/properties/x` });
    assert.deepEqual(at('#/channels/~1b/x/properties/x'), { file: ROOT, pointer: '#/channels/~1b/x/properties/x' });
  });
});
