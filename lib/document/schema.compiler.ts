import { Ajv, type ValidateFunction } from 'ajv';
import { RE2JS } from 're2js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { clientMessages } from '../messages/index.js';
import type { JsonSchema } from '../interfaces/asyncapi-model.interface.js';
import { isRecord } from './json-pointer.js';
import { addFormats } from '../utils/ajv-formats.js';

/** A compiled schema: `check` is the per-message call, `violations` explains the last failure. */
export interface CompiledSchema {
  check(value: unknown): boolean;
  violations(): SchemaViolation[];
}

/**
 * `pattern` and `patternProperties` run on RE2JS, a linear-time engine (no backtracking), so no client string can
 * turn a document's pattern into an event-loop stall. Patterns that need backtracking (backreferences, lookaround)
 * fail to compile and are reported at startup.
 */
const linearRegExp = Object.assign(
  (pattern: string) => {
    const compiled = RE2JS.compile(pattern);
    // ajv caches compiled patterns under `toString()`: without its own, every pattern was the first one compiled.
    return { test: (input: string) => compiled.matcher(input).find(), toString: () => pattern };
  },
  { code: 'RE2JS' },
);

const DEFS = 'definitions';
/** Keywords that would make ajv register or look up schemas globally. */
const DROPPED = new Set(['$id', '$schema']);
/** Keywords whose value is a schema, or an array of schemas. */
const SUBSCHEMA = new Set([
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'additionalProperties',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
  'unevaluatedItems',
  'unevaluatedProperties',
]);
/** Keywords whose value maps names to schemas: the names are data, never keywords. */
const SUBSCHEMA_MAP = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependencies',
  'dependentSchemas',
]);

/**
 * Compiles the document's schemas with one ajv instance per document set. Each schema is checked at startup and
 * compiled on first use; equal schemas share one validator. AsyncAPI schemas are a superset of JSON Schema
 * draft-07: `prefixItems` (2020-12 tuples, as Asynction's documents use) is rewritten to draft-07 `items: [...]`.
 */
export class SchemaCompiler {
  private readonly ajv = createAjv();
  private readonly byObject = new WeakMap<object, CompiledSchema>();
  private readonly byText = new Map<string, CompiledSchema>();

  /**
   * Checks the schema now (meta-schema, patterns) and throws a readable error when it is invalid; ajv's code
   * generation, the expensive part, runs once on first use, so startup stays fast for large documents. Equal
   * schemas share one compiled validator.
   */
  compile(schema: JsonSchema): CompiledSchema {
    if (typeof schema === 'object' && this.byObject.has(schema)) return this.byObject.get(schema)!;
    const ajvSchema = toAjvSchema(schema);
    const text = JSON.stringify(ajvSchema);
    let compiled = this.byText.get(text);
    if (!compiled) {
      const meta = metaSchemaChecker();
      if (!meta.validateSchema(ajvSchema)) throw new Error(meta.errorsText(meta.errors, { dataVar: 'schema' }));
      forEachPattern(ajvSchema, (pattern) => RE2JS.compile(pattern));
      compiled = this.lazy(ajvSchema);
      this.byText.set(text, compiled);
    }
    if (typeof schema === 'object') this.byObject.set(schema, compiled);
    return compiled;
  }

  private lazy(ajvSchema: JsonSchema): CompiledSchema {
    const ajv = this.ajv;
    let validate: ValidateFunction | undefined;
    const compiled: CompiledSchema = {
      check(value) {
        validate = ajv.compile(ajvSchema);
        // From now on the generated function itself is the per-message call.
        compiled.check = validate as (value: unknown) => boolean;
        return validate(value) as boolean;
      },
      violations: () =>
        (validate?.errors ?? []).map((e) => ({
          pointer: e.instancePath,
          message: describeAjvError(e.message ?? 'is invalid', e.params as Record<string, unknown>),
        })),
    };
    return compiled;
  }
}

function createAjv(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    logger: false,
    validateFormats: true,
    // Unknown formats (Asynction documents use Faker names such as `sentence`) are accepted, not fatal.
    formats: {},
    code: { regExp: linearRegExp },
  });
  addFormats(ajv);
  return ajv;
}

let sharedMetaSchemaChecker: Ajv | undefined;

/**
 * One ajv for every document's meta-schema checks: ajv compiles the meta-schema once per instance, which cost every
 * document read some 10 ms. It holds no document's schema (checking one compiles nothing of it), so it never grows.
 */
function metaSchemaChecker(): Ajv {
  sharedMetaSchemaChecker ??= createAjv();
  return sharedMetaSchemaChecker;
}

/** Calls `visit` with every `pattern` and `patternProperties` key of an acyclic schema. */
function forEachPattern(schema: unknown, visit: (pattern: string) => void): void {
  if (Array.isArray(schema)) return schema.forEach((item) => forEachPattern(item, visit));
  if (!isRecord(schema)) return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'pattern' && typeof value === 'string') visit(value);
    if (key === 'patternProperties' && isRecord(value)) Object.keys(value).forEach(visit);
    if (SUBSCHEMA_MAP.has(key) && isRecord(value)) Object.values(value).forEach((sub) => forEachPattern(sub, visit));
    else if (SUBSCHEMA.has(key)) forEachPattern(value, visit);
  }
}

function describeAjvError(message: string, params: Record<string, unknown>): string {
  if (params.additionalProperty !== undefined)
    return `must NOT have additional property "${String(params.additionalProperty)}"`;
  if (Array.isArray(params.allowedValues))
    return `${message}: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return message;
}

/**
 * Validates without ever throwing: ajv recurses as deep as the value for recursive schemas, so a deeply nested value
 * can overflow the stack; that is answered as a violation, never an exception in socket.io's callbacks.
 * @returns undefined when the value is valid
 */
export function violationsOf(schema: CompiledSchema, value: unknown): SchemaViolation[] | undefined {
  try {
    return schema.check(value) ? undefined : schema.violations();
  } catch (error) {
    return [
      {
        pointer: '',
        message: clientMessages.validationAborted(error instanceof Error ? error.message : String(error)),
      },
    ];
  }
}

/** True when a schema describes several socket.io arguments. */
export function isTupleSchema(schema: JsonSchema | undefined): boolean {
  return isRecord(schema) && (Array.isArray(schema.prefixItems) || Array.isArray(schema.items));
}

/**
 * Copies a resolved schema into a form ajv compiles: cycles (recursive schemas) become `$ref`s into `definitions`,
 * `prefixItems` becomes draft-07 `items: [...]`, and `$id`/`$schema` are dropped.
 */
export function toAjvSchema(root: JsonSchema): JsonSchema {
  if (typeof root !== 'object') return root;
  const recursive = findRecursiveNodes(root);
  const names = new Map<object, string>();
  recursive.forEach((node) => names.set(node, `asynction_${names.size}`));
  const define = (out: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  const schema = (node: unknown, asDefinition = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => schema(item));
    if (!isRecord(node)) return node;
    if (!asDefinition && names.has(node)) return { $ref: `#/${DEFS}/${names.get(node)}` };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key)) continue;
      if (SUBSCHEMA.has(key)) define(out, key, schema(value));
      else if (SUBSCHEMA_MAP.has(key) && isRecord(value)) {
        const map: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(value)) define(map, name, Array.isArray(sub) ? sub : schema(sub));
        define(out, key, map);
      } else define(out, key, value);
    }
    // An empty prefix (`prefixItems: []` beside `items`) fixes no element: `items` alone says it all.
    if (Array.isArray(out.prefixItems) && out.prefixItems.length === 0) delete out.prefixItems;
    if (Array.isArray(out.prefixItems)) {
      if (out.items !== undefined && !Array.isArray(out.items)) out.additionalItems = out.items;
      out.items = out.prefixItems;
      delete out.prefixItems;
    }
    return out;
  };
  const body = schema(root, true) as Record<string, unknown>;
  if (names.size === 0) return body;
  const definitions: Record<string, unknown> = {};
  for (const [node, name] of names) definitions[name] = schema(node, true);
  const top = names.has(root) ? { $ref: `#/${DEFS}/${names.get(root)}` } : body;
  return { ...top, [DEFS]: definitions };
}

/** The nodes of a resolved schema that contain themselves (recursive schemas). */
export function findRecursiveNodes(root: object): Set<object> {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const recursive = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (onPath.has(node)) {
      recursive.add(node);
      return;
    }
    if (done.has(node)) return;
    onPath.add(node);
    for (const child of Object.values(node)) visit(child);
    onPath.delete(node);
    done.add(node);
  };
  visit(root);
  return recursive;
}
