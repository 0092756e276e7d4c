/**
 * Checks a parsed AsyncAPI document against the official JSON Schema of its exact version
 * (`@asyncapi/specs`), and turns ajv's output into a few problems a human can act on.
 */
import specs from '@asyncapi/specs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { messages } from '../asynction.messages.js';
import type { SpecProblem } from './spec-problem.js';
import { officialValidator } from './official-schema.cache.js';

type Json = Record<string, unknown>;

const SCHEMAS = specs.schemas as unknown as Readonly<Record<string, Json>>;

/** The AsyncAPI versions with an official schema; a patch version (2.6.1) is checked against its minor's (2.6.0). */
export const SUPPORTED_ASYNCAPI_VERSIONS: readonly string[] = Object.freeze(
  Object.keys(SCHEMAS)
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
);

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
    return [{ at: { file, pointer: '#' }, ...messages.documentNotObject() }];
  }
  const declared = document['asyncapi'];
  const version = schemaVersionOf(declared);
  if (version === undefined) {
    const supported = SUPPORTED_ASYNCAPI_VERSIONS.join(', ');
    const text =
      declared === undefined
        ? {
            message: 'the document has no "asyncapi" field, so its AsyncAPI version is unknown',
            fix: `add "asyncapi: ${SUPPORTED_ASYNCAPI_VERSIONS.at(-1)}" (or another supported version: ${supported})`,
          }
        : messages.unsupportedVersion(typeof declared === 'string' ? declared : JSON.stringify(declared), supported);
    return [{ at: { file, pointer: '#/asyncapi' }, ...text }];
  }
  const { copy, originals } = prepare(document, version);
  // Fast path: a cached, precompiled validator says yes or no; only a failing document compiles the schema here.
  if (officialValidator(version, SCHEMAS[version]!)(copy)) return [];
  const checker = checkerFor(version);
  if (checker.validate(copy)) return [];
  const errors = [...(checker.validate.errors ?? [])];
  let findings = simplify(collapse(reduce(errors, checker), copy, originals));
  // "must have $ref" only tells that a Reference Object was one of the alternatives: noise once resolved.
  const meaningful = findings.filter((f) => !(f.kind === 'required' && f.property === '$ref'));
  if (meaningful.length > 0) findings = meaningful;
  if (findings.length === 0) findings = [lastResort(errors)];
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const { message, fix } = explain(finding, version);
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
      const typo = findings.find(
        (g) => g.kind === 'additional' && at(g) === at(f) && closest(g.property, g.allowed) === f.property,
      );
      if (typo) continue;
    }
    if (f.kind === 'additional') {
      const suggestion = closest(f.property, f.allowed);
      const missing = findings.some((g) => g.kind === 'required' && at(g) === at(f) && g.property === suggestion);
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

// ---------------------------------------------------------------------------------------------------------------
// Version and compiled validators

function schemaVersionOf(declared: unknown): string | undefined {
  if (typeof declared !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(declared);
  if (!m) return undefined;
  const version = `${Number(m[1])}.${Number(m[2])}.0`;
  return SUPPORTED_ASYNCAPI_VERSIONS.includes(version) ? version : undefined;
}

interface Checker {
  ajv: Ajv;
  validate: ValidateFunction;
  root: Json;
  /** Schema object -> `resourceUri#pointer`, built the first time a document fails. */
  locations?: Map<object, string>;
}

/** Pure cache of compiled, immutable validators: one per schema version, compiled on first use. */
const checkers = new Map<string, Checker>();

function checkerFor(version: string): Checker {
  let checker = checkers.get(version);
  if (!checker) {
    // One ajv per version: every official schema embeds its own copy of the draft-07 meta-schema under the same
    // `$id`, so they cannot share an instance, and `meta: false` keeps ajv from adding a third one.
    const ajv = new Ajv({
      allErrors: true,
      strict: false, // unknown keywords and unknown formats are ignored, never thrown
      meta: false,
      validateSchema: false,
      verbose: true, // errors carry `parentSchema` and `data`: needed to explain oneOf/anyOf branch by branch
      logger: false,
      // Compiled once per process, at startup, to validate a document or two: compiling faster matters more
      // than the last percent of validation speed (measured: compile -30..45%, validation unchanged).
      code: { optimize: false },
      inlineRefs: false,
    });
    addFormats(ajv);
    const root = SCHEMAS[version] as Json;
    checker = { ajv, validate: ajv.compile(root), root };
    checkers.set(version, checker);
  }
  return checker;
}

function addFormats(ajv: Ajv): void {
  // ajv-formats is CommonJS: from ESM its default import is `module.exports`, which also carries `.default`.
  const plugin = addFormatsPlugin as unknown as ((a: Ajv) => Ajv) | { default: (a: Ajv) => Ajv };
  (typeof plugin === 'function' ? plugin : plugin.default)(ajv);
}

/** Where each schema object of the official schema lives, as an ajv-resolvable `uri#/json/pointer`. */
function locationsOf(checker: Checker): Map<object, string> {
  if (checker.locations) return checker.locations;
  const map = new Map<object, string>();
  const walk = (node: unknown, base: string, pointer: string): void => {
    if (node === null || typeof node !== 'object' || map.has(node)) return;
    if (!Array.isArray(node) && typeof (node as Json)['$id'] === 'string') {
      base = new URL((node as Json)['$id'] as string, base || undefined).href.replace(/#$/, '');
      pointer = '';
    }
    map.set(node, `${base}#${pointer}`);
    const entries: [string, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [String(i), v])
      : Object.entries(node);
    for (const [key, child] of entries) {
      walk(child, base, `${pointer}/${encodeURIComponent(escapePointerSegment(key))}`);
    }
  };
  walk(checker.root, '', '');
  checker.locations = map;
  return map;
}

// ---------------------------------------------------------------------------------------------------------------
// The copy that is validated

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

function prepare(document: Json, version: string): { copy: Json; originals: WeakMap<object, object> } {
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
    if (depth !== undefined) return { $ref: toRefFragment(path.slice(0, depth)) };
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

// ---------------------------------------------------------------------------------------------------------------
// Reducing ajv errors to findings

/** One thing wrong, at `path` (instance path segments, relative to the value being explained). */
type Finding =
  | { kind: 'type'; path: string[]; expected: string[]; data: unknown }
  | { kind: 'required'; path: string[]; property: string; description?: string }
  | { kind: 'requiredOneOf'; path: string[]; properties: string[] }
  | {
      kind: 'additional';
      path: string[];
      property: string;
      allowed: string[];
      extensions: boolean;
      /** The property it is a misspelling of is required, and missing. */
      missingRequired?: boolean;
    }
  | { kind: 'enum'; path: string[]; allowed: unknown[]; data: unknown; orTypes?: string[] }
  | { kind: 'noMatch'; path: string[]; alternatives: string[] }
  | { kind: 'ambiguous'; path: string[]; alternatives: string[] }
  | { kind: 'format'; path: string[]; format: string; data: unknown }
  | { kind: 'key'; path: string[]; key: string; text: string }
  | { kind: 'other'; path: string[]; text: string; fix?: string };

/**
 * ajv (allErrors) reports, for a failing `oneOf`/`anyOf`, every error of every branch and then the combinator's own
 * error, in that order. Each combinator's branches are validated again on their own, which says exactly how many
 * of the preceding errors are its branches', and which branch each belongs to; one branch is then chosen.
 */
function reduce(errors: readonly ErrorObject[], checker: Checker): Finding[] {
  const out: Finding[] = [];
  let k = errors.length - 1;
  while (k >= 0) {
    const e = errors[k]!;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const branches = branchErrors(e, checker);
      if (branches) {
        const total = branches.reduce((n, b) => n + b.length, 0);
        const start = k - total;
        if (start >= 0 && errors.slice(start, k).every((x) => isWithin(x.instancePath, e.instancePath))) {
          const base = segmentsOf(e.instancePath);
          for (const f of decide(e, branches, checker).reverse()) out.push({ ...f, path: [...base, ...f.path] });
          k = start - 1;
          continue;
        }
      }
      // Could not attribute the branch errors: keep them (plain errors below), drop the summary.
      k--;
      continue;
    }
    if (e.keyword === 'if' || e.keyword === 'propertyNames') {
      k--; // the errors of `then`/`else` and of each property name precede it and say more
      continue;
    }
    const f = toFinding(e);
    if (f) out.push(f);
    k--;
  }
  return out.reverse();
}

/** Never say "invalid" without saying where: the deepest of ajv's own errors. */
function lastResort(errors: readonly ErrorObject[]): Finding {
  const deepest = errors.reduce((a, b) =>
    segmentsOf(b.instancePath).length > segmentsOf(a.instancePath).length ? b : a,
  );
  return { kind: 'other', path: segmentsOf(deepest.instancePath), text: deepest.message ?? deepest.keyword };
}

function branchErrors(e: ErrorObject, checker: Checker): ErrorObject[][] | undefined {
  const parent = e.parentSchema as Json | undefined;
  const branches = parent?.[e.keyword];
  if (!Array.isArray(branches)) return undefined;
  const location = locationsOf(checker).get(parent!);
  if (location === undefined) return undefined;
  const lists: ErrorObject[][] = [];
  for (let i = 0; i < branches.length; i++) {
    const validate = checker.ajv.getSchema(`${location}/${e.keyword}/${i}`);
    if (!validate) return undefined;
    lists.push(validate(e.data) ? [] : [...(validate.errors ?? [])]);
  }
  return lists;
}

/** Picks what to say about a failing oneOf/anyOf, given each branch's errors (paths relative to the instance). */
function decide(e: ErrorObject, branchLists: ErrorObject[][], checker: Checker): Finding[] {
  const branches = (e.parentSchema as Json)[e.keyword] as unknown[];
  const names = branches.map(branchName);
  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (e.keyword === 'oneOf' && Array.isArray(passing)) {
    return [{ kind: 'ambiguous', path: [], alternatives: passing.map((i) => names[i]!) }];
  }
  const reduced = branchLists.map((list) => reduce(list, checker));
  const misfit = (fs: Finding[]): boolean =>
    fs.some(
      (f) =>
        f.path.length === 0 &&
        (f.kind === 'type' ||
          f.kind === 'enum' ||
          f.kind === 'noMatch' ||
          (f.kind === 'required' && f.property === '$ref')),
    );
  let fitting = reduced.map((fs, i) => i).filter((i) => !misfit(reduced[i]!));

  if (fitting.length === 0) {
    // Nothing fits the value itself: say what was expected.
    const rootFindings = reduced.flatMap((fs) => fs.filter((f) => f.path.length === 0));
    const types = rootFindings.filter((f): f is Extract<Finding, { kind: 'type' }> => f.kind === 'type');
    const enums = rootFindings.filter((f): f is Extract<Finding, { kind: 'enum' }> => f.kind === 'enum');
    const others = rootFindings.filter(
      (f) => f.kind !== 'type' && f.kind !== 'enum' && !(f.kind === 'required' && f.property === '$ref'),
    );
    if (others.length === 0 && enums.length === 0 && types.length > 0) {
      return [{ kind: 'type', path: [], expected: unique(types.flatMap((t) => t.expected)), data: e.data }];
    }
    if (others.length === 0 && enums.length > 0) {
      const allowed = uniqueValues(enums.flatMap((t) => t.allowed));
      const orTypes = unique(types.flatMap((t) => t.expected));
      return [{ kind: 'enum', path: [], allowed, data: e.data, ...(orTypes.length > 0 ? { orTypes } : {}) }];
    }
    return [{ kind: 'noMatch', path: [], alternatives: names }];
  }
  if (fitting.length === 1) return reduced[fitting[0]!]!;

  // A branch whose fixed values (`const`/`enum` of a direct property, e.g. a security scheme's `type`) all match
  // is the one meant.
  const isDiscriminator = (f: Finding): boolean => f.kind === 'enum' && f.path.length === 1;
  const hasEnum = (i: number): boolean => reduced[i]!.some(isDiscriminator);
  const matching = fitting.filter((i) => !hasEnum(i));
  if (matching.length > 0 && matching.length < fitting.length) fitting = matching;
  else if (matching.length === 0) {
    // Every branch rejects a fixed value: if they all reject the same property, that is the discriminator.
    const paths = fitting.map((i) => new Set(reduced[i]!.filter(isDiscriminator).map((f) => toPointer(f.path))));
    const common = [...paths[0]!].filter((p) => paths.every((s) => s.has(p)));
    if (common.length > 0) {
      const at = common[0]!;
      const enums = fitting.flatMap((i) =>
        reduced[i]!.filter(
          (f): f is Extract<Finding, { kind: 'enum' }> => isDiscriminator(f) && toPointer(f.path) === at,
        ),
      );
      return [
        {
          kind: 'enum',
          path: enums[0]!.path,
          allowed: uniqueValues(enums.flatMap((f) => f.allowed)),
          data: enums[0]!.data,
        },
      ];
    }
  }
  if (fitting.length === 1) return reduced[fitting[0]!]!;

  // Alternatives that differ only by which property is required (`anyOf: [{required: [a]}, {required: [b]}]`).
  if (
    fitting.every(
      (i) => reduced[i]!.length > 0 && reduced[i]!.every((f) => f.kind === 'required' && f.path.length === 0),
    )
  ) {
    const properties = unique(fitting.flatMap((i) => reduced[i]!.map((f) => (f as { property: string }).property)));
    return [{ kind: 'requiredOneOf', path: [], properties }];
  }

  // Otherwise the branch that got furthest: deepest error, then fewest errors, then first.
  const depth = (fs: Finding[]): number => Math.max(...fs.map((f) => f.path.length));
  const best = fitting.reduce((a, b) => {
    const da = depth(reduced[a]!);
    const db = depth(reduced[b]!);
    if (db !== da) return db > da ? b : a;
    return reduced[b]!.length < reduced[a]!.length ? b : a;
  });
  return reduced[best]!;
}

function toFinding(e: ErrorObject): Finding | undefined {
  const path = segmentsOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Json;
  if (e.propertyName !== undefined) {
    return { kind: 'key', path, key: e.propertyName, text: e.message ?? e.keyword };
  }
  switch (e.keyword) {
    case 'type': {
      const t = params['type'];
      const expected = Array.isArray(t) ? (t as string[]) : String(t).split(',');
      return { kind: 'type', path, expected, data: e.data };
    }
    case 'required': {
      const property = String(params['missingProperty']);
      const props = parent['properties'] as Record<string, Json> | undefined;
      const description = props?.[property]?.['description'];
      return {
        kind: 'required',
        path,
        property,
        ...(typeof description === 'string' ? { description } : {}),
      };
    }
    case 'additionalProperties': {
      const allowed = Object.keys((parent['properties'] ?? {}) as Json);
      const patterns = Object.keys((parent['patternProperties'] ?? {}) as Json);
      return {
        kind: 'additional',
        path,
        property: String(params['additionalProperty']),
        allowed,
        extensions: patterns.some((p) => p.startsWith('^x-')),
      };
    }
    case 'enum':
      return { kind: 'enum', path, allowed: [...((params['allowedValues'] as unknown[]) ?? [])], data: e.data };
    case 'const':
      return { kind: 'enum', path, allowed: [params['allowedValue']], data: e.data };
    case 'format':
      return { kind: 'format', path, format: String(params['format']), data: e.data };
    case 'not': {
      const not = (e.schema ?? {}) as Json;
      const required = Array.isArray(not['required']) ? (not['required'] as unknown[]).map(String) : [];
      const keys = Object.keys(not).filter((key) => key !== 'description');
      if (required.length > 0 && keys.length === 1) {
        const names = required.map((r) => `"${r}"`).join(' and ');
        return { kind: 'other', path, text: `must not have ${names}`, fix: `remove ${names}` };
      }
      return { kind: 'other', path, text: `must not match ${JSON.stringify(not).slice(0, 120)}` };
    }
    case 'false schema':
      return { kind: 'other', path, text: 'is not allowed here' };
    default:
      return { kind: 'other', path, text: e.message ?? e.keyword };
  }
}

function branchName(branch: unknown, index: number): string {
  if (isPlainObject(branch)) {
    const ref = branch['$ref'];
    if (typeof ref === 'string') {
      const name = ref
        .replace(/[#/]+$/, '')
        .split('/')
        .at(-1)!
        .replace(/\.json$/, '');
      return name === 'Reference' ? 'a Reference Object ($ref)' : `${name}`;
    }
    if (typeof branch['title'] === 'string') return branch['title'];
    if (branch['type'] !== undefined) return ([] as unknown[]).concat(branch['type']).map(String).join(' or ');
    if (Array.isArray(branch['required']))
      return `an object with ${branch['required'].map((r) => `"${String(r)}"`).join(', ')}`;
  }
  return `alternative #${index + 1}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Words

function explain(f: Finding, version: string): { message: string; fix: string } {
  const { label, rest } = describe(f.path, version);
  const field = rest.length > 0 ? formatField(rest) : undefined;
  const where = field ? `${label}: "${field}"` : label;
  const it = field ? `"${field}"` : label;
  switch (f.kind) {
    case 'type': {
      const expected = typeNoun(f.expected);
      const quote = f.expected.includes('string') && isScalarNotString(f.data) ? ' (quote the value)' : '';
      return {
        message: `${where} must be ${expected}, not ${valueNoun(f.data)}`,
        fix: `change ${it} to ${expected}${quote}`,
      };
    }
    case 'required':
      return {
        message: `${where}: required property "${f.property}" is missing`,
        fix: `add "${f.property}"${f.description ? ` (${firstSentence(f.description)})` : ''}`,
      };
    case 'requiredOneOf':
      return {
        message: `${where} needs one of ${f.properties.map((p) => `"${p}"`).join(', ')}`,
        fix: `add ${f.properties.map((p) => `"${p}"`).join(' or ')}`,
      };
    case 'additional': {
      const allowed = [...f.allowed, ...(f.extensions ? ['x-*'] : [])];
      const suggestion = closest(f.property, f.allowed);
      const list = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (no properties are allowed here)';
      const missing = f.missingRequired && suggestion ? `, and required property "${suggestion}" is missing` : '';
      return {
        message: `${where}: property "${f.property}" is not allowed${missing}`,
        fix: suggestion
          ? `rename "${f.property}" to "${suggestion}", or remove it${list}`
          : `remove "${f.property}" or correct its spelling${list}`,
      };
    }
    case 'enum': {
      const allowed = f.allowed.map((v) => JSON.stringify(v)).join(', ');
      const hint =
        (f.data === 'publish' || f.data === 'subscribe') && f.allowed.includes('send')
          ? ' (AsyncAPI 3 replaced publish/subscribe: "send" when the application sends the message, "receive" when it receives it)'
          : '';
      const one = f.allowed.length === 1 && !f.orTypes;
      const or = f.orTypes ? ` or ${typeNoun(f.orTypes)}` : '';
      const value = f.data !== null && typeof f.data === 'object' ? valueNoun(f.data) : JSON.stringify(f.data);
      const meant =
        typeof f.data === 'string'
          ? closest(
              f.data,
              f.allowed.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      return {
        message: `${where} is ${value ?? 'undefined'}, which is not ${one ? allowed : `one of ${allowed}${or}`}`,
        fix: meant
          ? `use ${JSON.stringify(meant)}${one ? '' : ` (allowed: ${allowed}${or})`}`
          : one
            ? `use ${allowed}${hint}`
            : `use one of ${allowed}${or}${hint}`,
      };
    }
    case 'noMatch':
      return {
        message: `${where} matches none of the allowed forms (${f.alternatives.join('; ')})`,
        fix: `rewrite ${it} as one of: ${f.alternatives.join('; ')}`,
      };
    case 'ambiguous':
      return {
        message: `${where} matches more than one of the allowed forms (${f.alternatives.join('; ')}), but must match exactly one`,
        fix: `remove the properties that make ${it} fit more than one form`,
      };
    case 'format':
      return {
        message: `${where} is ${JSON.stringify(f.data)}, which is not a valid ${f.format}`,
        fix: `write ${it} as a valid ${f.format}`,
      };
    case 'key': {
      // Name the thing the key introduces (`channel "a b"`), when it is a known kind of thing.
      const child = describe([...f.path, f.key], version);
      const whose = child.rest.length === 0 ? `${child.label}: its name` : `${where}: key "${f.key}"`;
      return {
        message: `${whose} ${f.text}`,
        fix: `rename "${f.key}" (its name ${f.text})`,
      };
    }
    case 'other':
      return {
        message: `${where} ${f.text}`,
        fix: f.fix ?? `correct ${it} as the AsyncAPI ${version.replace(/\.0$/, '')} schema requires`,
      };
  }
}

const COMPONENT_NAMES: Readonly<Record<string, string>> = {
  schemas: 'schema',
  messages: 'message',
  securitySchemes: 'security scheme',
  parameters: 'parameter',
  correlationIds: 'correlation ID',
  operationTraits: 'operation trait',
  messageTraits: 'message trait',
  serverBindings: 'server bindings',
  channelBindings: 'channel bindings',
  operationBindings: 'operation bindings',
  messageBindings: 'message bindings',
  servers: 'server',
  serverVariables: 'server variable',
  channels: 'channel',
  operations: 'operation',
  replies: 'reply',
  replyAddresses: 'reply address',
  tags: 'tag',
  externalDocs: 'external docs',
};

/** Names the AsyncAPI object at `path` (`channel "a/b" publish operation message`), and the path left inside it. */
function describe(path: readonly string[], version: string): { label: string; rest: string[] } {
  const p = [...path];
  const v2 = version.startsWith('2.');
  const words: string[] = [];
  const next = (): string => p.shift()!;
  const is = (...names: string[]): boolean => p.length > 0 && names.includes(p[0]!);

  const messageTail = (): void => {
    while (is('oneOf') && p.length >= 2 && /^\d+$/.test(p[1]!)) {
      next();
      words.push(`oneOf[${next()}]`);
    }
    if (is('payload', 'headers')) words.push(next());
  };
  const operationTail = (): void => {
    if (v2 && is('message')) {
      words.push(next());
      messageTail();
    } else if (!v2 && is('reply')) words.push(next());
  };
  const channelTail = (): void => {
    if (v2 && is('publish', 'subscribe')) {
      words.push(`${next()} operation`);
      operationTail();
    } else if (!v2 && is('messages') && p.length >= 2) {
      next();
      words.push(`message "${next()}"`);
      messageTail();
    } else if (is('parameters') && p.length >= 2) {
      next();
      words.push(`parameter "${next()}"`);
    }
  };
  const serverTail = (): void => {
    if (is('variables') && p.length >= 2) {
      next();
      words.push(`variable "${next()}"`);
    }
  };

  if (is('info')) {
    words.push(next());
    if (is('contact', 'license')) words.push(next());
  } else if (is('servers') && p.length >= 2) {
    next();
    words.push(`server "${next()}"`);
    serverTail();
  } else if (is('channels') && p.length >= 2) {
    next();
    words.push(`channel "${next()}"`);
    channelTail();
  } else if (!v2 && is('operations') && p.length >= 2) {
    next();
    words.push(`operation "${next()}"`);
    operationTail();
  } else if (is('components') && p.length >= 3 && Object.hasOwn(COMPONENT_NAMES, p[1]!)) {
    next();
    const kind = next();
    words.push(`component ${COMPONENT_NAMES[kind]} "${next()}"`);
    if (kind === 'messages') messageTail();
    else if (kind === 'channels') channelTail();
    else if (kind === 'operations') operationTail();
    else if (kind === 'servers') serverTail();
  }
  return { label: words.length > 0 ? words.join(' ') : 'the document', rest: p };
}

function formatField(rest: readonly string[]): string {
  return rest.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function typeNoun(types: readonly string[]): string {
  const set = new Set(types);
  if (set.size === 2 && set.has('object') && set.has('boolean')) return 'a schema (an object or a boolean)';
  const nouns = [...set].map((t) =>
    t === 'object'
      ? 'an object'
      : t === 'array'
        ? 'an array'
        : t === 'integer'
          ? 'an integer'
          : t === 'null'
            ? 'null'
            : `a ${t}`,
  );
  return nouns.length <= 1 ? (nouns[0] ?? 'something else') : `${nouns.slice(0, -1).join(', ')} or ${nouns.at(-1)}`;
}

function valueNoun(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  if (data instanceof Date) return 'a date (YAML reads an unquoted date as a date)';
  switch (typeof data) {
    case 'string':
      return `a string (${JSON.stringify(data.length > 40 ? `${data.slice(0, 37)}...` : data)})`;
    case 'number':
      return `a number (${String(data)})`;
    case 'boolean':
      return `a boolean (${String(data)})`;
    case 'object':
      return 'an object';
    default:
      return typeof data;
  }
}

function isScalarNotString(data: unknown): boolean {
  return typeof data === 'number' || typeof data === 'boolean' || data instanceof Date;
}

function firstSentence(text: string): string {
  const line = text.split(/(?<=\.)\s/)[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** The allowed name the user probably meant: same letters but for case, or at most 2 edits away. */
function closest(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = allowed.find((a) => a.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(name.length / 3));
  for (const a of allowed) {
    const d = distance(lower, a.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function isPlainObject(value: unknown): value is Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function escapePointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `#/channels/user~1signedup/publish`; the root is `#`. */
function toPointer(path: readonly string[]): string {
  return `#${path.map((s) => `/${escapePointerSegment(s)}`).join('')}`;
}

/** A `$ref` value that is a valid URI reference whatever the keys contain. */
function toRefFragment(path: readonly string[]): string {
  return `#${path.map((s) => `/${encodeURIComponent(escapePointerSegment(s))}`).join('')}`;
}

function segmentsOf(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isWithin(instancePath: string, base: string): boolean {
  return instancePath === base || instancePath.startsWith(`${base}/`);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueValues(values: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
