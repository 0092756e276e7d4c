import { messages } from '../asynction.messages.js';
import type { AsyncApiModel, MessageModel, SchemaModel } from '../interfaces/asyncapi-model.interface.js';
import { locateDocument, parseDocumentFile } from './document.loader.js';
import { isRecord } from './json-pointer.js';
import { ModelV2Builder, type ModelBuildOptions } from './model-v2.builder.js';
import { RefResolver } from './ref.resolver.js';
import { SchemaCompiler, type CompiledSchema } from './schema.compiler.js';
import type { SpecProblem } from './spec-problem.js';

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
}

export interface ReadDocumentOptions extends ModelBuildOptions {
  /** Compile payload and ack schemas. */
  validation: boolean;
  /** Where relative paths start. @default process.cwd() */
  cwd?: string;
}

const OBJECT_SOURCE = '<object>';
const SUPPORTED = /^2\.[0-6]\.\d+$/;

function emptyModel(file: string): AsyncApiModel {
  return { version: '', title: '', file, namespaces: new Map(), outboundIds: new Map() };
}

/**
 * Reads an AsyncAPI document (a path, with or without extension, or a parsed object), resolves its `$ref`s,
 * builds the version-neutral model and compiles its schemas. Never throws: problems are collected.
 */
export function readDocument(spec: string | object, options: ReadDocumentOptions): AsynctionDocument {
  const fail = (file: string, problem: Omit<SpecProblem, 'at'>, pointer = '#'): AsynctionDocument => ({
    model: emptyModel(file),
    problems: [{ at: { file, pointer }, ...problem }],
    validators: new Map(),
  });
  let file: string;
  let raw: unknown;
  if (typeof spec === 'string') {
    const located = locateDocument(spec, options.cwd);
    if (typeof located !== 'string') return fail(spec, messages.documentNotFound(located.tried));
    file = located;
    try {
      raw = parseDocumentFile(file);
    } catch (error) {
      return fail(file, messages.documentUnreadable((error as Error).message));
    }
  } else {
    file = OBJECT_SOURCE;
    raw = spec;
  }
  if (!isRecord(raw)) return fail(file, messages.documentNotObject());
  if (typeof raw.asyncapi !== 'string' || !SUPPORTED.test(raw.asyncapi)) {
    return fail(file, messages.unsupportedVersion(raw.asyncapi, '2.0.0 to 2.6.0'), '#/asyncapi');
  }
  const resolver = new RefResolver(file, raw);
  const resolved = resolver.resolveFile(file) as Record<string, unknown>;
  const { model, problems } = new ModelV2Builder(resolved, file, options).build();
  const all = [...resolver.problems, ...problems];
  const validators = options.validation ? compileValidators(model, all) : new Map<MessageModel, MessageValidators>();
  return { model, problems: all, validators };
}

function compileValidators(model: AsyncApiModel, problems: SpecProblem[]): Map<MessageModel, MessageValidators> {
  const compiler = new SchemaCompiler();
  const compile = (schema: SchemaModel | undefined): CompiledSchema | undefined => {
    if (!schema) return undefined;
    try {
      return compiler.compile(schema.schema);
    } catch (error) {
      problems.push({ at: schema.at, ...messages.schemaInvalid((error as Error).message) });
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
