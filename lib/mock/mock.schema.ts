import type { JsonSchema } from '../interfaces/asyncapi-model.interface.js';
import { isRecord } from '../document/json-pointer.js';
import { findRecursiveNodes } from '../document/schema.compiler.js';

/** Keywords whose value is data, never a schema: copied as they are. */
const DATA = new Set(['enum', 'const', 'default', 'examples', 'example']);
const DEFS = '$defs';

/**
 * Copies a resolved schema into the form json-schema-faker generates from: draft-07 tuples (`items: [...]`, with
 * `additionalItems`) become `prefixItems` (with `items`), which it reads correctly; cycles (recursive schemas)
 * become `$ref`s into `$defs`, which it follows to a bounded depth; `$id` and `$schema` are dropped.
 */
export function toFakerSchema(root: JsonSchema): JsonSchema {
  if (typeof root !== 'object') return root;
  const names = new Map<object, string>();
  for (const node of findRecursiveNodes(root)) names.set(node, `asynction_${names.size}`);
  const copy = (node: unknown, asDefinition = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => copy(item));
    if (!isRecord(node)) return node;
    if (!asDefinition && names.has(node)) return { $ref: `#/${DEFS}/${names.get(node)}` };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$id' || key === '$schema') continue;
      // defineProperty: a property named "__proto__" in `properties` stays a property name.
      Object.defineProperty(out, key, {
        value: DATA.has(key) ? value : copy(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (Array.isArray(out.items)) {
      out.prefixItems = out.items;
      delete out.items;
      if (out.additionalItems !== undefined) out.items = out.additionalItems;
      delete out.additionalItems;
    }
    return out;
  };
  const body = copy(root, true) as Record<string, unknown>;
  if (names.size === 0) return body;
  const defs: Record<string, unknown> = {};
  for (const [node, name] of names) defs[name] = copy(node, true);
  return { ...(names.has(root) ? { $ref: `#/${DEFS}/${names.get(root)}` } : body), [DEFS]: defs };
}
