/**
 * Message and operation traits, merged the way each AsyncAPI major version defines (and the official parser does):
 *
 * - 2.x: "Traits MUST be merged into the target object using the JSON Merge Patch algorithm in the same order they
 *   are defined": each trait patches the object, so a trait overrides what the object says.
 * - 3.x: "A property on a trait MUST NOT override that same property on the target object": the traits are merged
 *   in order and the object is merged last, so the object always wins.
 *
 * The input is never modified (it is the resolved document, shared by every place that references it); the result
 * is a new object, or the input itself when it has no traits.
 */
import { isRecord } from './json-pointer.js';

type Json = Record<string, unknown>;

/** The object with its AsyncAPI 2.x `traits` applied (traits override the object). */
export function applyTraitsV2<T extends Json>(target: T): T {
  if (!Array.isArray(target.traits)) return target;
  let merged: Json = { ...target };
  for (const trait of target.traits) {
    if (isRecord(trait)) merged = mergePatch(merged, trait) as Json;
  }
  return merged as T;
}

/** The object with its AsyncAPI 3.x `traits` applied (the object overrides its traits). */
export function applyTraitsV3<T extends Json>(target: T): T {
  if (!Array.isArray(target.traits)) return target;
  let merged: Json = {};
  for (const trait of [...target.traits, target]) {
    if (isRecord(trait)) merged = mergePatch(merged, trait) as Json;
  }
  return merged as T;
}

/**
 * RFC 7386 JSON Merge Patch, where both sides hold an object: `null` deletes, objects merge key by key, anything
 * else replaces. A value the target lacks is taken as written (never copied), so recursive schemas stay cycles.
 */
function mergePatch(target: unknown, patch: unknown, onPath: Set<object> = new Set()): unknown {
  if (patch === null) return undefined;
  if (!isRecord(patch) || !isRecord(target) || onPath.has(patch)) return patch;
  onPath.add(patch);
  const out: Json = { ...target };
  for (const key of Object.keys(patch)) {
    const value = mergePatch(out[key], patch[key], onPath);
    if (value === undefined) delete out[key];
    else define(out, key, value);
  }
  onPath.delete(patch);
  return out;
}

/** Assigns without invoking the `__proto__` setter: a key named so is data. */
function define(object: Json, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
