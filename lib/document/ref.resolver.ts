import { dirname, resolve } from 'node:path';
import { startupMessages } from '../messages/index.js';
import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import { MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_VALUES } from './document.depth.js';
import { parseDocumentFile } from './document.loader.js';
import { appendPointer, getAtPointer, isRecord, parsePointer } from './json-pointer.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/**
 * Resolves every `$ref` of a document into one object graph.
 *
 * - Local (`#/...`) and relative-file (`common.yaml#/...`) references, in objects and arrays.
 * - Recursive schemas become cycles in the graph (the same object is reused), never infinite copies.
 * - Keys beside a `$ref` are merged over the referenced object.
 * - Only an object whose `$ref` is a string is a reference: scalars and strings mentioning `$ref` are data.
 *
 * `origins` maps each resolved object to where it was written, so messages can name file and pointer.
 */
/** The chain of `$ref`s that led to a node that is not itself a `$ref`: none. Never added to (copied first). */
const NO_CHAIN: ReadonlySet<string> = new Set();

/** Sets a key the document wrote: a plain assignment, except for `__proto__`, which must stay an own data key. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

export class RefResolver {
  readonly origins = new WeakMap<object, SourceLocation>();
  readonly problems: SpecProblem[] = [];
  /**
   * Where resolution stopped, if it did: the document nests deeper than `MAX_DOCUMENT_DEPTH`, or holds more than
   * `MAX_DOCUMENT_VALUES` values as resolution walks it (YAML aliases are copies for it, as `$ref`s are for checks).
   */
  stopped?: SpecProblem;
  /** Each `$ref` that could not be resolved: what it would have supplied is absent, not a problem of its own. */
  readonly dangling: SourceLocation[] = [];
  private walked = 0;
  private readonly files = new Map<string, unknown>();
  private readonly resolved = new Map<string, unknown>();

  constructor(rootFile: string, root: unknown) {
    this.files.set(rootFile, root);
  }

  resolveFile(file: string): unknown {
    return this.resolveTarget(file, '#', { file, pointer: '#' }, NO_CHAIN, 0);
  }

  /** `depth`: the level of `raw` in the resolved document (a `$ref`'d value takes the level of its `$ref`). */
  private resolveValue(
    raw: unknown,
    file: string,
    pointer: string,
    refChain: ReadonlySet<string>,
    depth: number,
  ): unknown {
    if (typeof raw !== 'object' || raw === null) return raw;
    if (this.stopped) return undefined;
    if (depth > MAX_DOCUMENT_DEPTH) {
      this.stopped = { at: { file, pointer }, ...startupMessages.documentTooDeep(MAX_DOCUMENT_DEPTH) };
      return undefined;
    }
    if (++this.walked > MAX_DOCUMENT_VALUES) {
      this.stopped = { at: { file, pointer }, ...startupMessages.documentTooLarge(MAX_DOCUMENT_VALUES) };
      return undefined;
    }
    const key = `${file}${pointer}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    if (Array.isArray(raw)) {
      const out: unknown[] = [];
      this.resolved.set(key, out);
      // A node that is not itself a `$ref` ends the chain: cycles through it are recursive schemas, served by
      // `resolved`.
      raw.forEach((item, i) => out.push(this.resolveValue(item, file, appendPointer(pointer, i), NO_CHAIN, depth + 1)));
      return out;
    }
    const record = raw as Record<string, unknown>;
    if (typeof record.$ref === 'string') return this.resolveRef(record, file, pointer, refChain, depth);
    const out: Record<string, unknown> = {};
    this.resolved.set(key, out);
    this.origins.set(out, { file, pointer });
    for (const [k, v] of Object.entries(record)) {
      setKey(out, k, this.resolveValue(v, file, appendPointer(pointer, k), NO_CHAIN, depth + 1));
    }
    return out;
  }

  private resolveRef(
    record: Record<string, unknown>,
    file: string,
    pointer: string,
    refChain: ReadonlySet<string>,
    depth: number,
  ): unknown {
    const ref = record.$ref as string;
    const at = { file, pointer };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
      this.problems.push({ at, ...startupMessages.refRemote(ref) });
      this.dangling.push(at);
      return undefined;
    }
    const hash = ref.indexOf('#');
    const refPath = hash === -1 ? ref : ref.slice(0, hash);
    const refPointer = hash === -1 ? '#' : ref.slice(hash) || '#';
    const targetFile = refPath === '' ? file : resolve(dirname(file), refPath);
    const targetKey = `${targetFile}${refPointer}`;
    if (refChain.has(targetKey)) {
      this.problems.push({ at, ...startupMessages.refUnresolved(ref, 'it refers to itself through a chain of $refs') });
      this.dangling.push(at);
      return undefined;
    }
    const chain = new Set(refChain).add(targetKey);
    const target = this.resolved.has(targetKey)
      ? this.resolved.get(targetKey)
      : this.resolveTarget(targetFile, refPointer, at, chain, depth, ref);
    if (target === undefined) this.dangling.push(at);
    const siblings = Object.keys(record).filter((k) => k !== '$ref');
    if (siblings.length === 0) return target;
    const merged: Record<string, unknown> = isRecord(target) ? { ...target } : {};
    this.origins.set(merged, at);
    for (const k of siblings) {
      setKey(merged, k, this.resolveValue(record[k], file, appendPointer(pointer, k), NO_CHAIN, depth + 1));
    }
    return merged;
  }

  private resolveTarget(
    file: string,
    pointer: string,
    from: SourceLocation,
    chain: ReadonlySet<string>,
    depth: number,
    /** The `$ref` as the document wrote it, as problems quote it. */
    written = pointer,
  ): unknown {
    const root = this.loadFile(file, from, written);
    if (root === undefined) return undefined;
    let tokens: string[];
    try {
      tokens = parsePointer(pointer);
    } catch (error) {
      this.problems.push({ at: from, ...startupMessages.refUnresolved(written, (error as Error).message) });
      return undefined;
    }
    const { found, value } = getAtPointer(root, tokens);
    if (!found) {
      this.problems.push({
        at: from,
        ...startupMessages.refUnresolved(written, 'nothing at that pointer'),
      });
      return undefined;
    }
    return this.resolveValue(value, file, pointer, chain, depth);
  }

  private loadFile(file: string, from: SourceLocation, written: string): unknown {
    if (this.files.has(file)) return this.files.get(file);
    try {
      const parsed = parseDocumentFile(file);
      this.files.set(file, parsed);
      return parsed;
    } catch (error) {
      // Say it with the path the document wrote, never the absolute one this process resolved it to.
      const shown = written.split('#')[0]!;
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `file "${shown}" does not exist`
          : (error as Error).message.replaceAll(file, shown);
      this.problems.push({ at: from, ...startupMessages.refUnresolved(written, reason) });
      this.files.set(file, undefined);
      return undefined;
    }
  }
}
