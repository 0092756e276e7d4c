import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord, parsePointer } from './json-pointer.js';

type Json = Record<string, unknown>;

/** A document as the reader holds it: the root file as parsed, and the whole as resolved. */
export interface CheckedDocument {
  file: string;
  /** The root file as parsed, `$ref`s unresolved: some rules are about what a `$ref` says. */
  raw: Json;
  resolved: Json;
  /** Where each resolved object was written (`RefResolver.origins`). */
  origins: WeakMap<object, SourceLocation>;
}

/**
 * Maps a pointer into the resolved document to where it was written: the deepest object on the path that came
 * from a `$ref` names the file and pointer, the rest of the path is appended.
 */
export function sourceOf(doc: CheckedDocument, pointer: string): SourceLocation {
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return { file: doc.file, pointer };
  }
  let node: unknown = doc.resolved;
  let origin: SourceLocation = { file: doc.file, pointer: '#' };
  let consumed = 0;
  for (const [i, token] of tokens.entries()) {
    node = Array.isArray(node)
      ? node[Number(token)]
      : isRecord(node) && Object.hasOwn(node, token)
        ? node[token]
        : undefined;
    if (node === null || typeof node !== 'object') break;
    const found = doc.origins.get(node);
    if (found) {
      origin = found;
      consumed = i + 1;
    }
  }
  return { file: origin.file, pointer: appendPointer(origin.pointer, ...tokens.slice(consumed)) };
}
