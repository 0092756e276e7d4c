/**
 * The compiled WebSockets bindings (`bindings.ws`) of a channel: what a socket.io handshake must carry. Compiled with
 * the document, so a schema that does not compile is a startup problem; `security/` checks each handshake with it.
 */
import { clientMessages, startupMessages } from '../messages/index.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import type {
  AsyncApiModel,
  HandshakeBindingsModel,
  NamespaceModel,
  SchemaModel,
} from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import { SchemaCompiler, type CompiledSchema } from './schema.compiler.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/** Query parameters engine.io adds for itself: not the application's, never validated. */
const ENGINE_PARAMS: ReadonlySet<string> = new Set(['EIO', 'transport', 't', 'sid', 'j', 'b64']);
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A query value or header is a string: turn it into what the field's schema asks for, when it reads as one. */
function coerce(schema: unknown, value: unknown): unknown {
  if (!isRecord(schema)) return value;
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
  if (Array.isArray(value)) return types.includes('array') ? value.map((item) => coerce(schema.items, item)) : value;
  if (typeof value !== 'string' || types.includes('string')) return value;
  if (types.includes('array')) return [coerce(schema.items, value)];
  if (types.includes('integer') && INTEGER.test(value)) return Number(value);
  if (types.includes('number') && NUMBER.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('null') && value === '') return null;
  return value;
}

/** The query or headers of a handshake against one object schema; header names compared lower-cased. */
class FieldsCheck {
  private readonly properties: Record<string, unknown>;
  private readonly required: string[];
  private readonly compiled: CompiledSchema;

  constructor(
    model: SchemaModel,
    compiler: SchemaCompiler,
    private readonly prefix: '/query' | '/headers',
  ) {
    const schema = model.schema as Record<string, unknown>;
    const fold = prefix === '/headers' ? (name: string) => name.toLowerCase() : (name: string) => name;
    const properties = isRecord(schema.properties) ? schema.properties : {};
    this.properties = Object.fromEntries(Object.entries(properties).map(([name, value]) => [fold(name), value]));
    this.required = Array.isArray(schema.required)
      ? schema.required.filter((r): r is string => typeof r === 'string').map(fold)
      : [];
    this.compiled = compiler.compile({ ...schema, properties: this.properties, required: this.required });
  }

  violations(values: Record<string, unknown>): SchemaViolation[] {
    const missing = this.required.filter((name) => !Object.hasOwn(values, name) || values[name] === undefined);
    if (missing.length > 0)
      return missing.map((name) => ({
        pointer: appendPointer(this.prefix, name),
        message: clientMessages.handshakeRequired,
      }));
    const coerced: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      if (this.prefix === '/query' && ENGINE_PARAMS.has(name)) continue;
      const field = Object.hasOwn(this.properties, name) ? coerce(this.properties[name], value) : value;
      // A client may name a parameter `__proto__`: define it, never assign it.
      Object.defineProperty(coerced, name, { value: field, enumerable: true, writable: true, configurable: true });
    }
    if (this.compiled.check(coerced)) return [];
    return this.compiled.violations().map((v) => ({ pointer: `${this.prefix}${v.pointer}`, message: v.message }));
  }
}

/** A channel's `bindings.ws`, compiled: the method, the query (coerced) and the headers a handshake must have. */
export class HandshakeBindings {
  private readonly query?: FieldsCheck;
  private readonly headers?: FieldsCheck;

  constructor(
    private readonly bindings: HandshakeBindingsModel,
    compiler: SchemaCompiler,
  ) {
    if (bindings.query) this.query = new FieldsCheck(bindings.query, compiler, '/query');
    if (bindings.headers) this.headers = new FieldsCheck(bindings.headers, compiler, '/headers');
  }

  /** Everything wrong with a handshake, each field named by a pointer such as `/query/page`; `[]` when it fits. */
  violations(handshake: {
    method: string;
    query: Record<string, unknown>;
    headers: Record<string, unknown>;
  }): SchemaViolation[] {
    const errors: SchemaViolation[] = [];
    if (this.bindings.method && handshake.method !== this.bindings.method) {
      errors.push({
        pointer: '/method',
        message: clientMessages.handshakeMethod(this.bindings.method, handshake.method),
      });
    }
    if (this.query) errors.push(...this.query.violations(handshake.query));
    if (this.headers) errors.push(...this.headers.violations(handshake.headers));
    return errors;
  }
}

/** Compiles the handshake bindings of every namespace that has some; a schema that does not compile is a problem. */
export function compileHandshakeBindings(
  model: AsyncApiModel,
  problems: SpecProblem[],
): Map<NamespaceModel, HandshakeBindings> {
  const checkers = new Map<NamespaceModel, HandshakeBindings>();
  let compiler: SchemaCompiler | undefined;
  for (const ns of model.namespaces.values()) {
    if (!ns.bindings) continue;
    compiler ??= new SchemaCompiler();
    try {
      checkers.set(ns, new HandshakeBindings(ns.bindings, compiler));
    } catch (error) {
      problems.push({ at: ns.bindings.at, ...startupMessages.schemaInvalid((error as Error).message) });
    }
  }
  return checkers;
}
