/**
 * Attributes ajv's errors under a failing `oneOf`/`anyOf` to the branch they belong to, and chooses what to say.
 */
import type { ErrorObject } from 'ajv';
import type { OfficialSchemaFinding } from '../../interfaces/official-schema-finding.interface.js';
import { isRecord, toPointer, tokensOf } from '../json-pointer.js';
import { toFinding } from './official-schema.findings.js';
import { locationsOf, type ExplainingValidator } from './official-schema.validators.js';

type Json = Record<string, unknown>;
type Finding = OfficialSchemaFinding;

/**
 * ajv (allErrors) reports, for a failing `oneOf`/`anyOf`, every error of every branch and then the combinator's own
 * error, in that order. Each combinator's branches are validated again on their own, which says exactly how many
 * of the preceding errors are its branches', and which branch each belongs to; one branch is then chosen.
 */
export function reduce(errors: readonly ErrorObject[], checker: ExplainingValidator): Finding[] {
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
          const base = tokensOf(e.instancePath);
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

function branchErrors(e: ErrorObject, checker: ExplainingValidator): ErrorObject[][] | undefined {
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
function decide(e: ErrorObject, branchLists: ErrorObject[][], checker: ExplainingValidator): Finding[] {
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

function branchName(branch: unknown, index: number): string {
  if (isRecord(branch)) {
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
