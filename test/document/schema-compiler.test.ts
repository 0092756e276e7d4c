import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaCompiler, toAjvSchema } from '../../lib/document/schema.compiler.js';

describe('SchemaCompiler', () => {
  it('keeps properties whose names are keywords (id, $id, $schema, items) and never rewrites data', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'integer' },
        $id: { type: 'string' },
        $schema: { type: 'string' },
        items: { type: 'array' },
      },
      required: ['id', '$id', '$schema', 'items'],
      enum: [{ id: 1, $id: 'a', $schema: 'b', items: [] }],
    };
    const compiled = new SchemaCompiler().compile(schema);
    assert.equal(
      compiled.check({ id: 1, $id: 'a', $schema: 'b', items: [] }),
      true,
      JSON.stringify(compiled.violations()),
    );
    assert.equal(compiled.check({ id: 2, $id: 'a', $schema: 'b', items: [] }), false);
  });

  it('rewrites prefixItems tuples to draft-07 items arrays, with items as additionalItems', () => {
    const out = toAjvSchema({ type: 'array', prefixItems: [{ type: 'number' }], items: { type: 'string' } }) as Record<
      string,
      unknown
    >;
    assert.deepEqual(out, { type: 'array', items: [{ type: 'number' }], additionalItems: { type: 'string' } });
    const compiled = new SchemaCompiler().compile({
      type: 'array',
      prefixItems: [{ type: 'number' }],
      items: { type: 'string' },
    });
    assert.equal(compiled.check([1, 'a', 'b']), true);
    assert.equal(compiled.check([1, 2]), false);
  });

  it('keeps each pattern its own: patterns in one compiler, or in one schema, never share a regular expression', () => {
    const compiler = new SchemaCompiler();
    const digits = compiler.compile({ type: 'string', pattern: '^[0-9]+$' });
    const letters = compiler.compile({ type: 'string', pattern: '^[a-z]+$' });
    const both = compiler.compile({ properties: { x: { pattern: '^x$' }, y: { pattern: '^y$' } } });
    assert.equal(digits.check('123'), true);
    assert.equal(letters.check('abc'), true);
    assert.equal(letters.check('123'), false);
    assert.equal(both.check({ x: 'x', y: 'y' }), true);
    assert.equal(both.check({ x: 'y', y: 'y' }), false);
  });

  it('reads an empty prefix beside items as no prefix: any number of items of that schema', () => {
    const compiled = new SchemaCompiler().compile({ type: 'array', prefixItems: [], items: { type: 'string' } });
    assert.equal(compiled.check([]), true);
    assert.equal(compiled.check(['a', 'b']), true);
    assert.equal(compiled.check(['a', 2]), false);
  });

  it('compiles a recursive schema (a cycle in the resolved graph) and validates at depth', () => {
    const node: Record<string, unknown> = {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    };
    (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
    const compiled = new SchemaCompiler().compile(node);
    assert.equal(compiled.check({ name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] }), true);
    assert.equal(compiled.check({ name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] }), false);
    assert.equal(compiled.violations()[0].pointer, '/children/0/children/0/name');
  });
});

describe('SchemaCompiler at startup', () => {
  it('rejects an invalid schema and a pattern that needs backtracking when compiled, not on first use', () => {
    const compiler = new SchemaCompiler();
    assert.throws(() => compiler.compile({ type: 'strin' }), /schema\/type/);
    assert.throws(
      () => compiler.compile({ type: 'object', properties: { a: { type: 'string', pattern: '(a)\\1' } } }),
      /invalid escape sequence/,
    );
    assert.throws(
      () => compiler.compile({ type: 'object', patternProperties: { '(?=x)': {} } }),
      /unsupported Perl syntax/,
    );
  });

  it('shares one validator between equal schemas', () => {
    const compiler = new SchemaCompiler();
    assert.equal(compiler.compile({ type: 'boolean' }), compiler.compile({ type: 'boolean' }));
  });
});
