import type { SchemaModel } from '../interfaces/asyncapi-model.interface.js';
import { violationsOf, type CompiledSchema, type SchemaCompiler } from '../document/schema.compiler.js';
import { isRecord } from '../document/json-pointer.js';
import type { MockPackages } from './mock.loader.js';
import { fakerFormats } from './mock.formats.js';
import { toFakerSchema } from './mock.schema.js';

/** Where a source's values come from, in the order the mock prefers them. */
export type PayloadOrigin = 'message examples' | 'schema examples' | 'generated' | 'no payload';

/** A value the mock may send; `undefined` itself is a value (an event or ack without arguments). */
export interface MockValue {
  value: unknown;
}

/** What a payload source needs besides its schema: shared by every source of one mock. */
export interface SourceContext {
  packages: MockPackages;
  compiler: SchemaCompiler;
  /** Generated values tried for one value before giving up. */
  attempts: number;
}

/** FNV-1a over the text, mixed with the seed: a stable 32-bit seed per message. */
export function seedOf(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * The values of one payload or ack, in a fixed order: the n-th value depends only on the seed and n, so every
 * client sees the same sequence. The message's `examples` come first, else the schema's own `examples`, `default`
 * or `const`, else values generated from the schema (nested `examples` and `default`s are used where they fit).
 * Every value is checked with the library's validator before it is offered; a generated one that fails is
 * generated again, up to `attempts` times.
 */
export class PayloadSource {
  readonly origin: PayloadOrigin;
  /** Why an example was skipped: each does not match the schema. */
  readonly skipped: string[] = [];
  /** False when not even the first value could be made valid: the mock never sends it. */
  readonly mockable: boolean;
  private readonly fixed: unknown[] = [];
  private readonly compiled?: CompiledSchema;
  private readonly fakerSchema?: unknown;
  private readonly formats: Record<string, unknown>;

  constructor(
    readonly schema: SchemaModel | undefined,
    examples: readonly unknown[],
    private readonly seed: number,
    private readonly context: SourceContext,
  ) {
    this.formats = fakerFormats(context.packages.faker);
    try {
      this.compiled = schema && context.compiler.compile(schema.schema);
    } catch {
      this.origin = 'generated';
      this.mockable = false;
      return;
    }
    const valid = (value: unknown) => !this.compiled || !violationsOf(this.compiled, value);
    examples.forEach((example, i) => {
      if (valid(example)) this.fixed.push(example);
      else this.skipped.push(`example ${i + 1} does not match the payload schema`);
    });
    if (this.fixed.length > 0) {
      this.origin = 'message examples';
      this.mockable = true;
      return;
    }
    if (!schema) {
      this.origin = 'no payload';
      this.mockable = true;
      this.fixed.push(undefined);
      return;
    }
    this.fixed.push(...schemaExamples(schema.schema).filter(valid));
    if (this.fixed.length > 0) {
      this.origin = 'schema examples';
      this.mockable = true;
      return;
    }
    this.origin = 'generated';
    this.fakerSchema = toFakerSchema(schema.schema);
    this.mockable = this.at(0) !== undefined;
  }

  /** The n-th value, or undefined when no valid one could be generated. */
  at(n: number): MockValue | undefined {
    if (this.fixed.length > 0) return { value: structuredClone(this.fixed[n % this.fixed.length]) };
    if (!this.fakerSchema) return undefined;
    for (let attempt = 0; attempt < this.context.attempts; attempt++) {
      const seed = (this.seed ^ Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) >>> 0;
      let value: unknown;
      try {
        value = this.context.packages.generateSync(this.fakerSchema, {
          seed,
          formats: this.formats,
          useExamplesValue: true,
          useDefaultValue: true,
          maxDepth: 4,
          refDepthMax: 2,
        });
      } catch {
        continue;
      }
      if (!violationsOf(this.compiled!, value)) return { value };
    }
    return undefined;
  }
}

/** A schema's own `examples`, `default` and `const`, in that order. */
function schemaExamples(schema: unknown): unknown[] {
  if (!isRecord(schema)) return [];
  const found: unknown[] = [];
  if (Array.isArray(schema.examples)) found.push(...(schema.examples as unknown[]));
  if ('default' in schema) found.push(schema.default);
  if ('const' in schema) found.push(schema.const);
  return found;
}
