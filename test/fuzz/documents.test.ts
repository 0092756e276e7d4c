/**
 * Thousands of seeded mutations of real documents (the fixtures and the samples), each read as `forRoot` reads it:
 * reading never throws, no case takes grossly long, `Object.prototype` stays clean, and a sample of them starts a
 * real Nest application, which either starts or fails with `AsynctionSpecError`.
 *
 *   FUZZ_SEED=<n> FUZZ_CASES=<n> node --test build/test/fuzz/documents.test.js
 *
 * The seed and the slowest case are printed (`FUZZ_VERBOSE=1` prints them on success too); a failure names the seed
 * and the case, which replays it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { Injectable, type DynamicModule } from '@nestjs/common';
import { load as parseYaml } from 'js-yaml';
import { AsyncOperation, AsynctionModule, AsynctionSpecError } from '../../lib/index.js';
import { readDocument, type AsynctionDocument } from '../../lib/document/document.reader.js';
import { AsynctionDocumentSource } from '../../lib/asynction.source.js';
import { AsynctionRuntime } from '../../lib/gateway/asynction.runtime.js';
import { securityHandlers } from '../../lib/security/security.handlers.js';
import { failedStartOrApp } from './start.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
/** Every this many cases, a real application is started. */
const START_EVERY = Number(process.env.FUZZ_START_EVERY ?? 100);
/** Far above any case's expected time: only a gross outlier fails, never a noisy machine. */
const GROSS_MS = 5000;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type Json = Record<string, unknown>;

/** mulberry32: a small seeded generator, so a failing case replays from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The real documents: every YAML/JSON fixture that parses to an object with an `asyncapi` version, and the samples. */
function corpus(): Array<{ name: string; document: Json }> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (['.yaml', '.yml', '.json'].includes(extname(path))) files.push(path);
    }
  };
  walk(join(ROOT, 'test/fixtures'));
  walk(join(ROOT, 'sample'));
  const documents: Array<{ name: string; document: Json }> = [];
  for (const file of files.sort()) {
    try {
      const text = readFileSync(file, 'utf8');
      const parsed = extname(file) === '.json' ? (JSON.parse(text) as unknown) : parseYaml(text);
      if (typeof parsed === 'object' && parsed !== null && 'asyncapi' in parsed) {
        documents.push({ name: relative(ROOT, file), document: parsed as Json });
      }
    } catch {
      // a fixture of a syntax error: not a document to mutate
    }
  }
  return documents;
}

/** The containers of a document with their paths, down to 64 levels (deeper ones are mutations' own doing). */
function containers(root: unknown): Array<{ path: string[]; node: Json | unknown[] }> {
  const found: Array<{ path: string[]; node: Json | unknown[] }> = [];
  const stack: Array<{ path: string[]; node: unknown }> = [{ path: [], node: root }];
  while (stack.length > 0) {
    const { path, node } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    found.push({ path, node: node as Json });
    if (path.length >= 64) continue;
    for (const [key, child] of Object.entries(node)) stack.push({ path: [...path, key], node: child });
  }
  return found;
}

function set(node: Json | unknown[], key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

const pointerOf = (path: string[]) => `#${path.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;

/** The mutations: each changes `doc` in place and says what it did. */
function mutations(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const entry = (doc: Json) => {
    const candidates = containers(doc).filter((c) => Object.keys(c.node).length > 0);
    const container = pick(candidates);
    const key = pick(Object.keys(container.node));
    return { ...container, key };
  };
  const wrongTypes: unknown[] = [null, 0, -1, 3.5, '', 'text', true, false, [], {}, [1, 'a'], { x: 1 }, Infinity];
  const deep = (value: unknown, levels: number, asArray: boolean) => {
    let out = value;
    for (let i = 0; i < levels; i++) out = asArray ? [out] : { type: 'object', properties: { a: out } };
    return out;
  };
  return [
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      if (Array.isArray(node)) node.splice(Number(key), 1);
      else delete node[key];
      return `delete ${pointerOf([...path, key])}`;
    },
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      const value = pick(wrongTypes);
      set(node, key, structuredClone(value));
      return `${pointerOf([...path, key])} = ${JSON.stringify(value)}`;
    },
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      const ref = pick([
        '#/components/schemas/Nowhere',
        '#/nope',
        '#',
        '#/',
        '#/%ZZ',
        'missing.yaml#/x',
        './refs/../../nothing.json',
        '',
        '#/channels/~2',
      ]);
      set(node, key, { $ref: ref });
      return `${pointerOf([...path, key])} = $ref ${ref}`;
    },
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      const self = pointerOf([...path, key]);
      const ref = pick([self, pointerOf(path), '#']);
      set(node, key, random() < 0.5 ? { $ref: ref } : { $ref: ref, description: 'beside' });
      return `${self} = $ref to itself or an ancestor (${ref})`;
    },
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      const ref = pick(['https://example.com/schema.yaml#/a', 'http://127.0.0.1:1/x.json', 'file:///etc/passwd']);
      set(node, key, { $ref: ref });
      return `${pointerOf([...path, key])} = remote $ref ${ref}`;
    },
    (doc: Json) => {
      const { node, path } = pick(containers(doc).filter((c) => !Array.isArray(c.node)));
      const key = pick(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']);
      set(node, key, pick([{ polluted: true }, { $ref: '#' }, 'x', { type: 'object', polluted: 'yes' }]));
      return `${pointerOf([...path, key])} added`;
    },
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      const size = pick([10_000, 100_000, 1_000_000]);
      if (random() < 0.7) set(node, key, 'x'.repeat(size));
      else if (!Array.isArray(node)) set(node, 'k'.repeat(size), 'value');
      return `${pointerOf([...path, key])}: a string (or key) of ${size} characters`;
    },
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      const levels = pick([50, 150, 300, 1000, 5000]);
      set(node, key, deep(node[key as keyof typeof node], levels, random() < 0.5));
      return `${pointerOf([...path, key])} nested ${levels} levels`;
    },
    (doc: Json) => {
      const channels = doc.channels;
      if (typeof channels !== 'object' || channels === null || Array.isArray(channels)) return 'no channels to rename';
      const names = Object.keys(channels);
      if (names.length === 0) return 'no channels to rename';
      const from = pick(names);
      const to = pick(['', '/', '//', 'user/', '/user/', 'a/b/c', '/{x}', '?q', '#f', 'x'.repeat(300), from + '/']);
      const value = (channels as Json)[from];
      delete (channels as Json)[from];
      set(channels as Json, to, value);
      return `channel "${from}" renamed "${to.slice(0, 20)}"`;
    },
    (doc: Json) => {
      const a = entry(doc);
      const b = entry(doc);
      set(a.node, a.key, b.node[b.key as keyof typeof b.node]);
      return `${pointerOf([...a.path, a.key])} shares ${pointerOf([...b.path, b.key])}`;
    },
    (doc: Json) => {
      const { node, key, path } = entry(doc);
      const value = node[key as keyof typeof node];
      const swapped = Array.isArray(value)
        ? Object.fromEntries(value.map((v, i) => [String(i), v]))
        : typeof value === 'object' && value !== null
          ? Object.values(value)
          : [value];
      set(node, key, swapped);
      return `${pointerOf([...path, key])}: array and object swapped`;
    },
  ];
}

/** What forRoot read: the documents of the module's `AsynctionDocumentSource`. */
function documentsOf(module: DynamicModule): readonly AsynctionDocument[] {
  for (const provider of module.providers ?? []) {
    const value = (provider as { useValue?: unknown }).useValue;
    if (value instanceof AsynctionDocumentSource) return value.documents;
  }
  throw new Error('forRoot provided no AsynctionDocumentSource');
}

/** Handlers for every id a read document needs, so that a valid document can start. */
function handlersFor(document: AsynctionDocument) {
  const ids = new Set<string>();
  for (const ns of document.model.namespaces.values()) {
    for (const message of ns.inbound.values()) if (message.handler) ids.add(message.handler.id);
    for (const ref of [ns.connect, ns.disconnect, ns.error]) if (ref) ids.add(ref.id);
  }
  for (const { ref } of securityHandlers(document.model).required) ids.add(ref.id);
  @Injectable()
  class FuzzHandlers {
    handle(): boolean {
      return true;
    }
  }
  const method = Object.getOwnPropertyDescriptor(FuzzHandlers.prototype, 'handle')!;
  for (const id of ids) AsyncOperation(id)(FuzzHandlers.prototype, 'handle', method);
  return FuzzHandlers;
}

describe('document fuzz: seeded mutations of real documents, read as forRoot reads them', () => {
  it(`never throws, never pollutes Object.prototype, never takes over ${GROSS_MS} ms (seed ${SEED})`, async () => {
    const random = generator(SEED);
    const bases = corpus();
    assert.ok(bases.length >= 50, `only ${bases.length} documents to mutate`);
    // The first read of each version loads its official-schema validator: not a case's own time.
    for (const { document } of bases)
      readDocument(structuredClone(document), { validation: true, perspective: 'client' });
    const mutate = mutations(random);
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
    let slowest = { ms: 0, label: '' };
    let started = 0;
    let refused = 0;
    const started0 = performance.now();
    for (let i = 0; i < CASES; i++) {
      const base = bases[Math.floor(random() * bases.length)]!;
      const document = structuredClone(base.document);
      const applied: string[] = [];
      const count = 1 + Math.floor(random() * 3);
      for (let m = 0; m < count; m++) applied.push(mutate[Math.floor(random() * mutate.length)]!(document));
      const label = `seed ${SEED}, case ${i}: ${base.name}: ${applied.join('; ')}`.slice(0, 500);
      const cwd = dirname(join(ROOT, base.name));
      const begin = performance.now();
      let read: AsynctionDocument;
      try {
        // forRoot reads each document; then the core module serves all of them (the runtime) at startup.
        read = documentsOf(AsynctionModule.forRoot({ spec: document, cwd }))[0]!;
        if (read.problems.length === 0) new AsynctionRuntime([read]);
      } catch (error) {
        assert.fail(`${label}\nthrew: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      const ms = performance.now() - begin;
      if (ms > slowest.ms) slowest = { ms, label };
      assert.ok(ms < GROSS_MS, `${label}\ntook ${Math.round(ms)} ms`);
      assert.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(), prototypeKeys, `${label}: prototype`);
      assert.equal(({} as Json).polluted, undefined, `${label}: Object.prototype polluted`);
      assert.ok(Array.isArray(read.problems), label);
      if (i % START_EVERY === 0) {
        const outcome = await failedStartOrApp(AsynctionModule.forRoot({ spec: document, cwd }), handlersFor(read));
        if (outcome.started) started++;
        else {
          refused++;
          assert.ok(
            outcome.error instanceof AsynctionSpecError,
            `${label}\nthe start failed with ${String(outcome.error)}, not an AsynctionSpecError`,
          );
          assert.equal(outcome.portClosed, true, `${label}: the port was opened`);
        }
      }
    }
    const total = performance.now() - started0;
    const summary =
      `document fuzz: seed ${SEED}, ${CASES} cases over ${bases.length} documents in ${Math.round(total)} ms; ` +
      `${started + refused} applications started (${started} served, ${refused} refused with AsynctionSpecError); ` +
      `slowest case ${Math.round(slowest.ms)} ms: ${slowest.label}`;
    if (process.env.FUZZ_VERBOSE) console.log(summary);
  });
});
