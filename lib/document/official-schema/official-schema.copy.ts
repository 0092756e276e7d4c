/**
 * The copy of a document that the official schema validates: acyclic, with AsyncAPI 3 reference-only places
 * written as references again (see `checkOfficialSchema`).
 */
import { toUriFragment } from '../json-pointer.js';

type Json = Record<string, unknown>;

/** AsyncAPI 3 places where the schema accepts a Reference Object only (`*` = any key or index). */
const REFERENCE_ONLY_SLOTS_3: readonly (readonly string[])[] = (() => {
  const inOperation = [['channel'], ['messages', '*'], ['reply', 'channel'], ['reply', 'messages', '*']];
  return [
    ['channels', '*', 'servers', '*'],
    ['components', 'channels', '*', 'servers', '*'],
    ...inOperation.map((tail) => ['operations', '*', ...tail]),
    ...inOperation.map((tail) => ['components', 'operations', '*', ...tail]),
    ['components', 'replies', '*', 'channel'],
    ['components', 'replies', '*', 'messages', '*'],
  ];
})();

/**
 * A copy of `document` that ajv can walk, and the original of each copied object (to report a shared object once).
 * @param version the official schema version the copy is checked against
 */
export function prepare(document: Json, version: string): { copy: Json; originals: WeakMap<object, object> } {
  const originals = new WeakMap<object, object>();
  const slots = version.startsWith('2.') ? [] : REFERENCE_ONLY_SLOTS_3;
  const path: string[] = [];
  /** Objects on the current path, with the depth at which they sit. */
  const ancestors = new Map<object, number>();
  const inSlot = (): boolean =>
    slots.some((slot) => slot.length === path.length && slot.every((s, i) => s === '*' || s === path[i]));

  const visit = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainObject(value)) return value; // a Date from YAML, say: validated as the value it is
    const depth = ancestors.get(value);
    if (depth !== undefined) return { $ref: toUriFragment(path.slice(0, depth)) };
    if (!isArray && slots.length > 0 && typeof (value as Json)['$ref'] !== 'string' && inSlot()) {
      return { $ref: '#' };
    }
    ancestors.set(value, path.length);
    let out: unknown;
    if (isArray) {
      out = (value as unknown[]).map((item, i) => {
        path.push(String(i));
        const copy = visit(item);
        path.pop();
        return copy;
      });
    } else {
      const obj: Json = {};
      for (const key of Object.keys(value)) {
        if ((value as Json)[key] === undefined) continue; // absent, as in JSON
        path.push(key);
        const copy = visit((value as Json)[key]);
        path.pop();
        if (key === '__proto__') Object.defineProperty(obj, key, { value: copy, enumerable: true, writable: true });
        else obj[key] = copy;
      }
      out = obj;
    }
    ancestors.delete(value);
    originals.set(out as object, value);
    return out;
  };

  const copy = visit(document) as Json;
  copy['asyncapi'] = version;
  return { copy, originals };
}

/** An object as YAML and JSON parsers produce it (not a Date, a Map or a class instance). */
export function isPlainObject(value: unknown): value is Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
