import { startupMessages } from '../messages/index.js';
import type {
  AsyncApiModel,
  MessageModel,
  NamespaceModel,
  SchemaModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { SUPPORTED_ASYNCAPI_VERSIONS_TEXT, schemaVersionOf } from './asyncapi-versions.js';
import { MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_VALUES, measureDocument } from './document.depth.js';
import { locateDocument, parseDocumentFile } from './document.loader.js';
import { isRecord } from './json-pointer.js';
import type { ModelBuildOptions } from '../interfaces/asynction-options.interface.js';
import { ModelV2Builder } from './model-v2.builder.js';
import { ModelV3Builder } from './model-v3.builder.js';
import { RefResolver } from './ref.resolver.js';
import { SchemaCompiler, type CompiledSchema } from './schema.compiler.js';
import { sourceOf, type CheckedDocument } from './document.origins.js';
import { checkDocument } from './semantic.check.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import { compileHandshakeBindings, type HandshakeBindings } from './handshake-bindings.compiler.js';

/** The compiled schemas of one message. */
export interface MessageValidators {
  payload?: CompiledSchema;
  ack?: CompiledSchema;
}

/** One document, read: its model, its compiled validators, and everything wrong with it. */
export interface AsynctionDocument {
  model: AsyncApiModel;
  problems: SpecProblem[];
  validators: Map<MessageModel, MessageValidators>;
  /** The compiled handshake bindings (`bindings.ws`) of the namespaces that have them, when validation is on. */
  handshake?: Map<NamespaceModel, HandshakeBindings>;
  /** The document as resolved, with where each object was written (`asynction types` names schemas by it). */
  checked?: CheckedDocument;
}

export interface ReadDocumentOptions extends ModelBuildOptions {
  /** Compile payload and ack schemas. */
  validation: boolean;
  /** Where relative paths start. @default process.cwd() */
  cwd?: string;
  /**
   * Check the document against its version's official JSON Schema (off only to measure what it costs). @default true
   */
  officialSchema?: boolean;
}

/** A document loaded, resolved and checked as the official tools check it, before it is read for socket.io. */
export interface InspectedDocument {
  file: string;
  /** Absent when the document could not be loaded, or declares no supported version. */
  checked?: CheckedDocument;
  problems: SpecProblem[];
  /** Where a `$ref` could not be resolved (see `withoutFollowOns`). */
  dangling?: readonly SourceLocation[];
}

const OBJECT_SOURCE = '<object>';

/** The model of a document that could not be read: no namespaces, nothing to serve. */
export function emptyModel(file: string): AsyncApiModel {
  return { version: '', title: '', file, namespaces: new Map(), outboundIds: new Map() };
}

/**
 * Reads an AsyncAPI document (a path, with or without extension, or a parsed object), resolves its `$ref`s,
 * checks it as the official tools do, builds the version-neutral model (its version decides how) and compiles its
 * schemas. Never throws: problems are collected.
 */
export function readDocument(spec: string | object, options: ReadDocumentOptions): AsynctionDocument {
  try {
    return readInspected(spec, options);
  } catch (error) {
    // A defect of ours must not crash the application's start (forRoot runs while Nest builds the module graph).
    const file = typeof spec === 'string' ? spec : OBJECT_SOURCE;
    const problem = { at: { file, pointer: '#' }, ...startupMessages.documentReadFailed(reasonOf(error)) };
    return { model: emptyModel(file), problems: [problem], validators: new Map() };
  }
}

function readInspected(spec: string | object, options: ReadDocumentOptions): AsynctionDocument {
  const inspected = inspectDocument(spec, options);
  const { file, checked } = inspected;
  if (!checked) return { model: emptyModel(file), problems: inspected.problems, validators: new Map() };
  const Builder = String(checked.raw.asyncapi).startsWith('3.') ? ModelV3Builder : ModelV2Builder;
  const { model, problems } = new Builder(checked.resolved, file, options, checked.origins).build();
  const located = problems.map((p) => ({ p, at: p.at.file === file ? sourceOf(checked, p.at.pointer) : p.at }));
  const all = [...inspected.problems, ...withoutFollowOns(located, inspected.dangling ?? [])];
  const checkedProblems = all.length;
  const validators = options.validation ? compileValidators(model, all) : new Map<MessageModel, MessageValidators>();
  const handshake = options.validation ? compileHandshakeBindings(model, all) : undefined;
  return { model, problems: withoutEchoes(all, checkedProblems, checked), validators, handshake, checked };
}

/**
 * Loads and resolves a document and checks it against the AsyncAPI specification only (its official JSON Schema
 * and the rules the official parser adds), not whether it can be served: `asynction validate --spec-only`.
 */
export function inspectDocument(
  spec: string | object,
  options: Pick<ReadDocumentOptions, 'cwd' | 'officialSchema'>,
): InspectedDocument {
  try {
    return inspect(spec, options);
  } catch (error) {
    const file = typeof spec === 'string' ? spec : OBJECT_SOURCE;
    return { file, problems: [{ at: { file, pointer: '#' }, ...startupMessages.documentReadFailed(reasonOf(error)) }] };
  }
}

function inspect(
  spec: string | object,
  options: Pick<ReadDocumentOptions, 'cwd' | 'officialSchema'>,
): InspectedDocument {
  const fail = (file: string, problem: Omit<SpecProblem, 'at'>, pointer = '#'): InspectedDocument => ({
    file,
    problems: [{ at: { file, pointer }, ...problem }],
  });
  let file: string;
  let raw: unknown;
  if (typeof spec === 'string') {
    const located = locateDocument(spec, options.cwd);
    if (typeof located !== 'string') return fail(spec, startupMessages.documentNotFound(located.tried));
    file = located;
    try {
      raw = parseDocumentFile(file);
    } catch (error) {
      const reason = (error as Error).message;
      // The YAML parser stops at the depth bound itself: say how to fix that, not the syntax.
      const tooDeep = reason.includes(`exceeded maxDepth (${MAX_DOCUMENT_DEPTH})`);
      const unreadable = startupMessages.documentUnreadable(reason);
      return fail(
        file,
        tooDeep ? { ...unreadable, fix: startupMessages.documentTooDeep(MAX_DOCUMENT_DEPTH).fix } : unreadable,
      );
    }
  } else {
    file = OBJECT_SOURCE;
    raw = spec;
  }
  if (!isRecord(raw)) return fail(file, startupMessages.documentNotObject());
  if (schemaVersionOf(raw.asyncapi) === undefined) {
    return fail(file, startupMessages.unsupportedVersion(raw.asyncapi, SUPPORTED_ASYNCAPI_VERSIONS_TEXT), '#/asyncapi');
  }
  const resolver = new RefResolver(file, raw);
  const resolved = resolver.resolveFile(file) as Record<string, unknown>;
  // Past a bound the document is that one problem: nothing else walks it.
  if (resolver.stopped) return { file, problems: [resolver.stopped] };
  const checked: CheckedDocument = { file, raw, resolved, origins: resolver.origins };
  // Resolution shares each referenced object, so the resolved whole may nest deeper than any path resolution took,
  // and hold far more values than its files, for the walks that follow each reference.
  const extent = measureDocument(resolved);
  if (extent.tooDeep !== undefined) {
    const at = sourceOf(checked, extent.tooDeep);
    return { file, problems: [{ at, ...startupMessages.documentTooDeep(MAX_DOCUMENT_DEPTH) }] };
  }
  if (extent.tooLarge !== undefined) {
    const at = sourceOf(checked, extent.tooLarge);
    return { file, problems: [{ at, ...startupMessages.documentTooLarge(MAX_DOCUMENT_VALUES) }] };
  }
  const checks = checkDocument(checked, options.officialSchema ?? true).map((p) => ({ p, at: p.at }));
  const dangling = resolver.dangling;
  return { file, checked, dangling, problems: [...resolver.problems, ...withoutFollowOns(checks, dangling)] };
}

/**
 * A `$ref` that cannot be resolved is one problem: what it would have supplied is absent, and what is then said of
 * its place (`required property "channel" is missing` on its parent, anything at or under it) is dropped. `at` is
 * where each problem was written.
 */
function withoutFollowOns(
  problems: ReadonlyArray<{ p: SpecProblem; at: SourceLocation }>,
  dangling: readonly SourceLocation[],
): SpecProblem[] {
  const followOn = ({ p, at }: { p: SpecProblem; at: SourceLocation }) =>
    dangling.some((d) => {
      if (d.file !== at.file) return false;
      if (at.pointer === d.pointer || at.pointer.startsWith(`${d.pointer}/`)) return true;
      const slash = d.pointer.lastIndexOf('/');
      const key = d.pointer
        .slice(slash + 1)
        .replace(/~1/g, '/')
        .replace(/~0/g, '~');
      return at.pointer === d.pointer.slice(0, slash) && p.message.includes(`"${key}"`);
    });
  return problems.filter((entry) => !followOn(entry)).map(({ p }) => p);
}

/**
 * A schema that cannot be compiled because of a defect the official schema already reported inside it (a wrong
 * `type`, an invalid `pattern`) is that one problem, not two: compilation problems from `from` on are dropped then.
 */
function withoutEchoes(problems: SpecProblem[], from: number, checked: CheckedDocument): SpecProblem[] {
  const earlier = problems.slice(0, from);
  return problems.filter((p, i) => {
    if (i < from) return true;
    const at = sourceOf(checked, p.at.pointer);
    return !earlier.some(
      (e) => e.at.file === at.file && (e.at.pointer === at.pointer || e.at.pointer.startsWith(`${at.pointer}/`)),
    );
  });
}

function compileValidators(model: AsyncApiModel, problems: SpecProblem[]): Map<MessageModel, MessageValidators> {
  const compiler = new SchemaCompiler();
  const compile = (schema: SchemaModel | undefined): CompiledSchema | undefined => {
    if (!schema) return undefined;
    try {
      return compiler.compile(schema.schema);
    } catch (error) {
      const reason = (error as Error).message;
      // RE2JS refuses what only a backtracking engine runs: say so, not just "cannot be compiled".
      const problem =
        (error as Error).name === 'RE2JSSyntaxException'
          ? startupMessages.patternNotLinear(reason)
          : startupMessages.schemaInvalid(reason);
      problems.push({ at: schema.at, ...problem });
      return undefined;
    }
  };
  const validators = new Map<MessageModel, MessageValidators>();
  for (const ns of model.namespaces.values()) {
    for (const message of [...ns.inbound.values(), ...ns.outbound.values()]) {
      validators.set(message, { payload: compile(message.payload), ack: compile(message.ack) });
    }
  }
  return validators;
}

/** The first line of what was thrown, kept short: never a dump of generated code. */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split('\n')[0]!;
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}
