import type { JsonSchema } from '../interfaces/asyncapi-model.interface.js';
import { isRecord } from '../document/json-pointer.js';
import { isCompound, jsDoc, literalType, propertyKey, type NameRegistry } from './type-names.js';

type Json = Record<string, unknown>;

/** Keywords whose value is one schema or a list of schemas (the places recursion can pass through). */
const SUBSCHEMA = ['items', 'prefixItems', 'additionalItems', 'additionalProperties', 'allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_MAP = ['properties', 'patternProperties'];
const OBJECT_KEYWORDS = ['properties', 'additionalProperties', 'patternProperties', 'required'];
const ARRAY_KEYWORDS = ['items', 'prefixItems'];
const INDENT = '  ';
/** An object type that allows every object: no property, any other key. */
const OPEN_OBJECT = /^\{\s*\[key: string\]: unknown;\s*\}$/;

/**
 * Prints JSON Schemas (`$ref`s resolved, recursion as cycles in the object graph) as TypeScript types, exactly as
 * the validator reads them where TypeScript can say it:
 * - objects: `required` properties required, others optional; `additionalProperties` absent or `true` is an index
 *   signature of `unknown`, a schema is an index signature of its type, `false` closes the object;
 * - `const` and `enum` are literal types; `type` lists and `nullable: true` are unions with `null`;
 * - `oneOf` and `anyOf` are unions, `allOf` intersections, beside the schema's own keywords;
 * - arrays are `T[]`; tuples (`prefixItems`, draft-07 `items: [...]`) list their elements, those past `minItems`
 *   optional, then the rest (`items` / `additionalItems`: `unknown` when absent, none when `false`);
 * - `format` stays `string` (noted in the JSDoc); `{}` and `true` are `unknown`, `false` is `never`.
 * A schema without `type` but with object (or array) keywords is read as an object (or array), as authors mean it.
 * Named schemas are declared once and referenced by name; a recursive schema is named wherever it recurs, so its
 * root is declared once, never copied.
 */
export class SchemaPrinter {
  private readonly names = new Map<object, string>();
  private readonly declared = new Set<object>();
  private readonly queue: Array<{ schema: object; name: string }> = [];
  private readonly output: string[] = [];

  constructor(
    private readonly registry: NameRegistry,
    /** The name a schema's place in the document gives it (a component key), if any. */
    private readonly nameOf: (schema: object) => string | undefined,
  ) {}

  /** Gives a schema its type name now (components keep document order); declared by `declarations`. */
  name(schema: JsonSchema, ...candidates: string[]): string {
    if (typeof schema !== 'object') return this.alias(schema, candidates);
    const known = this.names.get(schema);
    if (known) return known;
    const own = this.nameOf(schema);
    const name = this.registry.claim(...(own ? [own] : []), ...candidates);
    this.names.set(schema, name);
    this.queue.push({ schema, name });
    return name;
  }

  /** The declarations printed so far, in order; every name referenced is declared. */
  declarations(): string {
    this.drain();
    return this.output.join('\n');
  }

  private alias(schema: boolean, candidates: string[]): string {
    const name = this.registry.claim(...candidates);
    this.output.push(`export type ${name} = ${schema ? 'unknown' : 'never'};\n`);
    return name;
  }

  private drain(): void {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (this.declared.has(next.schema)) continue;
      this.declared.add(next.schema);
      this.nameRecursion(next.schema as JsonSchema, next.name);
      this.output.push(this.declaration(next.schema as Json, next.name));
    }
  }

  private declaration(schema: Json, name: string): string {
    const doc = jsDoc(describe(schema), '');
    const body = this.print(schema, '', true);
    const isInterface = body.startsWith('{') && !isCompound(body) && body.endsWith('}');
    return isInterface ? `${doc}export interface ${name} ${body}\n` : `${doc}export type ${name} = ${body};\n`;
  }

  /** Names every schema that recurs below `root` (the root first), before anything of it is printed. */
  private nameRecursion(root: JsonSchema, hint: string): void {
    if (typeof root !== 'object') return;
    const onPath = new Set<object>();
    const done = new Set<object>();
    const recurring: object[] = [];
    const visit = (node: unknown): void => {
      if (!isRecord(node)) return;
      if (onPath.has(node)) {
        if (!recurring.includes(node)) recurring.push(node);
        return;
      }
      if (done.has(node) || this.names.has(node)) return;
      onPath.add(node);
      for (const child of children(node)) visit(child);
      onPath.delete(node);
      done.add(node);
    };
    onPath.add(root);
    for (const child of children(root)) visit(child);
    for (const node of recurring) this.name(node as JsonSchema, node === root ? hint : `${hint}Node`);
  }

  /** `top` prints a named schema's own body instead of its name. */
  private print(schema: JsonSchema, indent: string, top = false): string {
    if (schema === true) return 'unknown';
    if (schema === false) return 'never';
    if (!top) {
      const name = this.names.get(schema);
      if (name) return name;
    }
    const parts: string[] = [];
    const own = this.ownType(schema, indent);
    const alternatives = (['oneOf', 'anyOf'] as const)
      .map((k) => schema[k])
      .filter((v): v is unknown[] => Array.isArray(v) && v.length > 0)
      .map((list) => union(list.map((s) => this.print(asSchema(s), indent))));
    const all = Array.isArray(schema.allOf) ? schema.allOf.map((s) => this.print(asSchema(s), indent)) : [];
    const combined = alternatives.length > 0 || all.length > 0;
    // `type: object` beside `oneOf`/`allOf` adds nothing the alternatives do not say: keep the type readable.
    if (!combined || (own !== 'unknown' && !OPEN_OBJECT.test(own))) parts.push(own);
    parts.push(...all, ...alternatives);
    const meaningful = parts.length > 1 ? parts.filter((p) => p !== 'unknown') : parts;
    let type = meaningful.length === 0 ? 'unknown' : intersection(meaningful);
    if (schema.nullable === true && type !== 'unknown' && type !== 'null') type = union([type, 'null']);
    return type;
  }

  /** The schema's own keywords (`const`, `enum`, `type` and what it implies), without `allOf`/`oneOf`/`anyOf`. */
  private ownType(schema: Json, indent: string): string {
    if ('const' in schema) return literalType(schema.const);
    if (Array.isArray(schema.enum)) return union(schema.enum.map(literalType));
    const types = Array.isArray(schema.type) ? schema.type : typeof schema.type === 'string' ? [schema.type] : [];
    if (types.length === 0) {
      if (OBJECT_KEYWORDS.some((k) => k in schema)) return this.objectType(schema, indent);
      if (ARRAY_KEYWORDS.some((k) => k in schema)) return this.arrayType(schema, indent);
      return 'unknown';
    }
    return union(types.map((t) => this.typeFor(String(t), schema, indent)));
  }

  private typeFor(type: string, schema: Json, indent: string): string {
    switch (type) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'object':
        return this.objectType(schema, indent);
      case 'array':
        return this.arrayType(schema, indent);
      default:
        return 'unknown';
    }
  }

  private objectType(schema: Json, indent: string): string {
    const inner = indent + INDENT;
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const required = new Set(
      Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [],
    );
    const lines: string[] = [];
    const propertyTypes: string[] = [];
    let optional = false;
    const names = [...Object.keys(properties), ...[...required].filter((r) => !Object.hasOwn(properties, r))];
    for (const key of names) {
      const sub = asSchema(properties[key]);
      const type = Object.hasOwn(properties, key) ? this.print(sub, inner) : 'unknown';
      const isRequired = required.has(key);
      optional ||= !isRequired;
      propertyTypes.push(type);
      const doc = typeof sub === 'object' && !this.names.has(sub) ? jsDoc(describe(sub), inner) : '';
      lines.push(`${doc}${inner}${propertyKey(key)}${isRequired ? '' : '?'}: ${type};`);
    }
    const index = this.indexType(schema, inner);
    if (index !== undefined) {
      const all = index === 'unknown' ? ['unknown'] : [index, ...propertyTypes, ...(optional ? ['undefined'] : [])];
      lines.push(`${inner}[key: string]: ${union(all)};`);
    }
    // `{}` would accept any value but null: an object that allows no key at all says so.
    if (lines.length === 0) lines.push(`${inner}[key: string]: never;`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  /** The type of the values `additionalProperties` and `patternProperties` allow; undefined when none are. */
  private indexType(schema: Json, indent: string): string | undefined {
    const patterns = isRecord(schema.patternProperties) ? Object.values(schema.patternProperties) : [];
    const additional = schema.additionalProperties;
    const types = patterns.map((p) => this.print(asSchema(p), indent));
    if (additional === false) {
      if (types.length === 0) return undefined;
    } else types.push(additional === undefined ? 'unknown' : this.print(asSchema(additional), indent));
    return types.includes('unknown') ? 'unknown' : union(types);
  }

  private arrayType(schema: Json, indent: string): string {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined;
    const legacy = !prefix && Array.isArray(schema.items) ? schema.items : undefined;
    if (!prefix && !legacy)
      return arrayOf(schema.items === undefined ? 'unknown' : this.print(asSchema(schema.items), indent));
    const elements = (prefix ?? legacy)!.map((s) => this.print(asSchema(s), indent));
    const rest = prefix ? schema.items : schema.additionalItems;
    if (elements.length === 0) return arrayOf(rest === undefined ? 'unknown' : this.print(asSchema(rest), indent));
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
    const kept = elements.slice(0, Math.max(0, Math.min(elements.length, max)));
    const members = kept.map((t, i) => (i < min ? t : `${isCompound(t) ? `(${t})` : t}?`));
    if (rest !== false && max > kept.length) {
      members.push(`...${arrayOf(rest === undefined ? 'unknown' : this.print(asSchema(rest), indent))}`);
    }
    return `[${members.join(', ')}]`;
  }
}

/** The subschemas of a schema, where recursion can pass. */
function children(node: Json): unknown[] {
  const out: unknown[] = [];
  for (const key of SUBSCHEMA) {
    const value = node[key];
    if (Array.isArray(value)) out.push(...value);
    else if (value !== undefined) out.push(value);
  }
  for (const key of SUBSCHEMA_MAP) if (isRecord(node[key])) out.push(...Object.values(node[key]));
  return out;
}

function asSchema(value: unknown): JsonSchema {
  return isRecord(value) || typeof value === 'boolean' ? (value as JsonSchema) : true;
}

/** A schema's JSDoc lines: its description (else title), its format, its deprecation. */
export function describe(schema: Json): string[] {
  const lines: string[] = [];
  const text = typeof schema.description === 'string' ? schema.description : schema.title;
  if (typeof text === 'string' && text.trim() !== '') lines.push(text.trim());
  if (typeof schema.format === 'string') lines.push(`@format ${schema.format}`);
  if (schema.deprecated === true) lines.push('@deprecated');
  return lines;
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.includes('unknown')) return 'unknown';
  const kept = unique.length > 1 ? unique.filter((t) => t !== 'never') : unique;
  return kept.map((t) => (kept.length > 1 && t.includes('=>') ? `(${t})` : t)).join(' | ');
}

function intersection(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.length === 1) return unique[0]!;
  return unique.map((t) => (isCompound(t) ? `(${t})` : t)).join(' & ');
}

function arrayOf(type: string): string {
  return isCompound(type) ? `(${type})[]` : `${type}[]`;
}
