/**
 * The layers of lib/ (DESIGN.md section 4): imports run one way, from a layer to the layers below it, and no two
 * folders import each other, directly or through others. Read from the sources, so a type-only import counts too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB = fileURLToPath(new URL('../../../lib/', import.meta.url));

/** Higher layers may import lower ones; a folder missing here fails the test until it is given its place. */
const LAYERS: Readonly<Record<string, number>> = {
  cli: 5,
  testing: 5,
  '(module)': 4,
  decorators: 4,
  gateway: 3,
  redis: 3,
  'docs-page': 3,
  codegen: 3,
  mock: 3,
  telemetry: 3,
  security: 2,
  document: 1,
  errors: 0,
  interfaces: 0,
  messages: 0,
  utils: 0,
};

/** Top-level files that import nothing from lib/ and that every layer may read: names and tokens. */
const LEAVES: ReadonlySet<string> = new Set(['asynction.constants.ts']);

interface Import {
  file: string;
  specifier: string;
  from: string;
  to: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a file: its folder under lib/, `(module)` for the top-level files, `(leaf)` for the leaves. */
function layerOf(file: string): string {
  const path = relative(LIB, file);
  if (!path.includes('/')) return LEAVES.has(path) ? '(leaf)' : '(module)';
  return path.split('/')[0]!;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)) {
    const specifier = match[1]!;
    const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
    if (relative(LIB, target).startsWith('..')) continue;
    found.push({ file: relative(LIB, file), specifier, from: layerOf(file), to: layerOf(target) });
  }
  return found;
}

const imports = sources(LIB).flatMap(importsOf);

describe('layout: imports run one way', () => {
  it('reads the imports of lib/', () => {
    assert.ok(imports.length > 50, `only ${imports.length} imports found: the pattern no longer matches`);
  });

  it('gives every folder of lib/ a layer', () => {
    const unknown = [...new Set(imports.flatMap((i) => [i.from, i.to]))].filter(
      (layer) => layer !== '(leaf)' && !(layer in LAYERS),
    );
    assert.deepEqual(unknown, [], 'add these folders to LAYERS in test/layout/imports.test.ts');
  });

  it('never imports from a folder above the importing one', () => {
    const rank = (layer: string): number => (layer === '(leaf)' ? -1 : (LAYERS[layer] ?? 99));
    const upward = imports
      .filter((i) => i.from !== i.to && (i.from === '(leaf)' || rank(i.to) > rank(i.from)))
      .map((i) => `lib/${i.file} imports '${i.specifier}' (${i.from} -> ${i.to})`);
    assert.deepEqual(upward, []);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      if (i.from === i.to) continue;
      if (!edges.has(i.from)) edges.set(i.from, new Set());
      edges.get(i.from)!.add(i.to);
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      const at = path.indexOf(node);
      if (at >= 0) {
        // One cycle is found from each of its folders: report it once, starting from its first folder by name.
        const loop = path.slice(at);
        const first = loop.indexOf([...loop].sort()[0]!);
        const rotated = [...loop.slice(first), ...loop.slice(0, first)];
        cycles.push([...rotated, rotated[0]].join(' -> '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const start of edges.keys()) visit(start, []);
    const via = (cycle: string): string[] => {
      const layers = cycle.split(' -> ');
      return layers.slice(1).map((to, k) => {
        const by = imports.find((i) => i.from === layers[k] && i.to === to)!;
        return `lib/${by.file} imports '${by.specifier}'`;
      });
    };
    assert.deepEqual(
      [...new Set(cycles)].map((c) => `${c}: ${via(c).join('; ')}`),
      [],
    );
  });
});
