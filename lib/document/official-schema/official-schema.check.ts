/**
 * Checks a parsed AsyncAPI document against the official JSON Schema of its exact version
 * (`@asyncapi/specs`), and turns ajv's output into a few problems a human can act on.
 */
import { startupMessages } from '../../messages/index.js';
import type { OfficialSchemaFinding as Finding } from '../../interfaces/official-schema-finding.interface.js';
import { officialSchemaProblem } from '../../messages/official-schema.messages.js';
import {
  SUPPORTED_ASYNCAPI_VERSIONS,
  SUPPORTED_ASYNCAPI_VERSIONS_TEXT,
  schemaVersionOf,
} from '../asyncapi-versions.js';
import { toPointer } from '../json-pointer.js';
import type { SpecProblem } from '../../interfaces/spec-problem.interface.js';
import { reduce } from './official-schema.branches.js';
import { isPlainObject, prepare } from './official-schema.copy.js';
import { lastResort } from './official-schema.findings.js';
import { withSuggestion } from './official-schema.suggestion.js';
import { explainingValidator, officialValidator } from './official-schema.validators.js';

type Json = Record<string, unknown>;

/**
 * Returns every way `document` breaks the official schema of its `asyncapi` version, or `[]`.
 *
 * `document` is the parsed document after `$ref` resolution. It is never modified: a copy is validated in which
 * - an object met again on its own ancestor path (a recursive schema) becomes `{ "$ref": "#/pointer/of/it" }`,
 *   what the author wrote there, so the cycle ends; ajv cannot walk a cyclic object graph;
 * - in AsyncAPI 3, where the schema accepts only a Reference Object (`operation.channel`, `operation.messages[]`,
 *   `reply.channel`, `reply.messages[]`, `channel.servers[]`), a resolved object becomes `{ "$ref": "#" }`
 *   again (the resolution cannot be undone exactly, and the referenced object is checked where it is declared);
 * - `asyncapi` is the schema's own version, so that `2.6.1` passes the schema's `const`/`enum` of `2.6.0`;
 * - a key whose value is `undefined` is absent, as in JSON.
 * An object shared by several places (a resolved `$ref`) is checked at each place; a defect in it is reported once.
 */
export function checkOfficialSchema(document: unknown, file: string): SpecProblem[] {
  if (!isPlainObject(document)) {
    return [{ at: { file, pointer: '#' }, ...startupMessages.documentNotObject() }];
  }
  const declared = document['asyncapi'];
  const version = schemaVersionOf(declared);
  if (version === undefined) {
    const text =
      declared === undefined
        ? startupMessages.versionMissing(SUPPORTED_ASYNCAPI_VERSIONS.at(-1)!, SUPPORTED_ASYNCAPI_VERSIONS_TEXT)
        : startupMessages.unsupportedVersion(
            typeof declared === 'string' ? declared : JSON.stringify(declared),
            SUPPORTED_ASYNCAPI_VERSIONS_TEXT,
          );
    return [{ at: { file, pointer: '#/asyncapi' }, ...text }];
  }
  const { copy, originals } = prepare(document, version);
  // Fast path: a cached, precompiled validator says yes or no; only a failing document compiles the schema here.
  if (officialValidator(version)(copy)) return [];
  const checker = explainingValidator(version);
  if (checker.validate(copy)) return [];
  const errors = [...(checker.validate.errors ?? [])];
  let findings = simplify(collapse(reduce(errors, checker), copy, originals).map(withSuggestion));
  // "must have $ref" only tells that a Reference Object was one of the alternatives: noise once resolved.
  const meaningful = findings.filter((f) => !(f.kind === 'required' && f.property === '$ref'));
  if (meaningful.length > 0) findings = meaningful;
  if (findings.length === 0) findings = [lastResort(errors)];
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const { message, fix } = officialSchemaProblem(finding, version);
    const pointer = toPointer(finding.path);
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ at: { file, pointer }, message, fix });
  }
  return problems;
}

/**
 * One finding per defect: an object reached from several places (a resolved `$ref`) fails the same way at each;
 * it is reported once, at the shortest of its pointers (usually where it is declared, under `components`).
 * Two type errors at one place (`anySchema` checks the type twice) are one too.
 */
function collapse(findings: readonly Finding[], copy: Json, originals: WeakMap<object, object>): Finding[] {
  const ids = new Map<object, number>();
  const byKey = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of findings) {
    let node: unknown = copy;
    let owner: object = copy;
    let depth = 0;
    for (const segment of f.path) {
      node = node !== null && typeof node === 'object' ? (node as Json)[segment] : undefined;
      if (node === null || typeof node !== 'object') break;
      owner = node;
      depth++;
    }
    const original = originals.get(owner) ?? owner;
    if (!ids.has(original)) ids.set(original, ids.size);
    const { path: _path, ...rest } = f;
    const detail = f.kind === 'type' ? 'type' : JSON.stringify({ ...rest, data: undefined });
    const key = `${ids.get(original)}|${JSON.stringify(f.path.slice(depth))}|${detail}`;
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, out.length);
      out.push(f);
    } else if (f.path.length < out[seen]!.path.length) {
      out[seen] = f;
    }
  }
  return out;
}

/**
 * One mistake, one problem, when two findings at one place say the same thing twice:
 * - a misspelled required property: "required "title" is missing" + "property "titleX" is not allowed";
 * - a value of the wrong type that also is not one of the allowed values: the allowed values say more;
 * - a value rejected by two lists of allowed values: the shorter list (`anyOf` of all types, `const: object`).
 */
function simplify(findings: readonly Finding[]): Finding[] {
  const at = (f: Finding): string => toPointer(f.path);
  const dropped = new Set<Finding>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.kind === 'required') {
      const typo = findings.find((g) => g.kind === 'additional' && at(g) === at(f) && g.suggestion === f.property);
      if (typo) continue;
    }
    if (f.kind === 'additional') {
      const missing = findings.some((g) => g.kind === 'required' && at(g) === at(f) && g.property === f.suggestion);
      out.push(missing ? { ...f, missingRequired: true } : f);
      continue;
    }
    if (f.kind === 'type' && findings.some((g) => g.kind === 'enum' && at(g) === at(f))) continue;
    // Once the type is wrong, the rest said about that value (`not`, a pattern...) follows from it.
    if (f.kind === 'other' && findings.some((g) => g.kind === 'type' && at(g) === at(f))) continue;
    if (f.kind === 'enum') {
      const shorter = findings.find(
        (g) =>
          g !== f && !dropped.has(g) && g.kind === 'enum' && at(g) === at(f) && g.allowed.length <= f.allowed.length,
      );
      if (shorter) {
        dropped.add(f);
        continue;
      }
    }
    out.push(f);
  }
  return out;
}
