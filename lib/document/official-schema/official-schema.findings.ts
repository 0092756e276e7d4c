import type { ErrorObject } from 'ajv';
import type { OfficialSchemaFinding } from '../../interfaces/official-schema-finding.interface.js';
import { tokensOf } from '../json-pointer.js';

type Json = Record<string, unknown>;

/** What one of ajv's errors says, as a finding; `oneOf`/`anyOf` summaries are attributed elsewhere. */
export function toFinding(e: ErrorObject): OfficialSchemaFinding | undefined {
  const path = tokensOf(e.instancePath);
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

/** Never say "invalid" without saying where: the deepest of ajv's own errors. */
export function lastResort(errors: readonly ErrorObject[]): OfficialSchemaFinding {
  const deepest = errors.reduce((a, b) => (tokensOf(b.instancePath).length > tokensOf(a.instancePath).length ? b : a));
  return { kind: 'other', path: tokensOf(deepest.instancePath), text: deepest.message ?? deepest.keyword };
}
