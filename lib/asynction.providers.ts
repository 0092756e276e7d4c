import type { Provider } from '@nestjs/common';
import { ASYNCTION_SOURCE } from './asynction.constants.js';
import { startupMessages } from './messages/index.js';
import { AsynctionDocumentSource } from './asynction.source.js';
import { createNamespaceGateway } from './gateway/gateway.factory.js';
import {
  ASYNCTION_STATIC_OPTIONS,
  type AsynctionModuleAsyncOptions,
  type AsynctionModuleOptions,
  type AsynctionRuntimeOptions,
  type ResolvedAsynctionOptions,
} from './interfaces/asynction-options.interface.js';
import type { SpecProblem } from './interfaces/spec-problem.interface.js';
import { emptyModel, readDocument, type AsynctionDocument } from './document/document.reader.js';
import { withAllowedOrigins } from './security/origin.guard.js';
import { OPTIONS_SOURCE, unknownOptionProblems } from './asynction.options.js';
import { resolveMockOptions, withoutSecurity } from './mock/index.js';

/** The options with their defaults. */
export function resolveOptions(options: AsynctionModuleOptions): ResolvedAsynctionOptions {
  const { mock, ...rest } = options;
  return {
    validation: true,
    perspective: 'client',
    gatewayOptions: {},
    ackTimeout: 10_000,
    shutdownTimeout: 10_000,
    logSummaryInterval: 10_000,
    telemetry: false,
    isGlobal: true,
    cwd: process.cwd(),
    ...rest,
    ...(mock ? { mock: resolveMockOptions(mock) } : {}),
  };
}

/** Every document of one call, read with its options; a call without documents is a problem of its own. */
export function readDocuments(options: ResolvedAsynctionOptions, caller = 'forRoot'): AsynctionDocument[] {
  const given = options.spec as AsynctionModuleOptions['spec'] | undefined;
  const specs = given === undefined ? [] : Array.isArray(given) ? given : [given];
  if (specs.length > 0) {
    const documents = specs.map((spec) => readDocument(spec, options));
    if (options.mock?.auth === 'none') documents.forEach(withoutSecurity);
    return documents;
  }
  const problem = given === undefined && caller === 'forRootAsync' ? startupMessages.asyncSpecMissing() : undefined;
  return [
    problemsOnly([{ at: { file: OPTIONS_SOURCE, pointer: '#/spec' }, ...(problem ?? startupMessages.noDocuments()) }]),
  ];
}

/** The options' own problems (unknown keys), reported at `app.init()` with the documents' problems. */
export function optionsDocument(options: AsynctionModuleOptions): AsynctionDocument[] {
  const problems = unknownOptionProblems(options);
  return problems.length > 0 ? [problemsOnly(problems)] : [];
}

/** A stand-in document that serves nothing and carries problems that belong to no document. */
function problemsOnly(problems: SpecProblem[]): AsynctionDocument {
  return { model: emptyModel(OPTIONS_SOURCE), problems, validators: new Map() };
}

/**
 * One gateway per namespace of this call's documents, on the selected server's path of the first that has one.
 * @param source the call's options, read when the first handshake arrives (`forRootAsync` completes them late)
 */
export function createGateways(documents: readonly AsynctionDocument[], source: AsynctionDocumentSource): Provider[] {
  const paths = new Map<string, string | undefined>();
  for (const { model } of documents) {
    for (const namespace of model.namespaces.keys()) if (!paths.has(namespace)) paths.set(namespace, model.serverPath);
  }
  const { gatewayOptions } = source.options;
  return [...paths].map(([namespace, path]) =>
    createNamespaceGateway(
      namespace,
      withAllowedOrigins({ ...(path ? { path } : {}), ...gatewayOptions }, () => source.options.allowedOrigins),
    ),
  );
}

/** Provides a call's source under a token of its own, for the core module to collect. */
export function sourceProvider(source: AsynctionDocumentSource): Provider {
  return { provide: Symbol(ASYNCTION_SOURCE), useValue: source };
}

/**
 * `forRootAsync`: runs the factory with what it injects and completes the source with its result. Never throws
 * (that would end the process while Nest builds providers): a failure or a misuse becomes a startup problem of the
 * first document, so `app.init()` rejects with it.
 */
export function asyncOptionsProvider(options: AsynctionModuleAsyncOptions, source: AsynctionDocumentSource): Provider {
  return {
    provide: Symbol('asynction:async-options'),
    useFactory: async (...args: never[]) => {
      let runtime: AsynctionRuntimeOptions | undefined;
      const problems: SpecProblem[] = [];
      const at = { file: source.documents[0]?.model.file ?? OPTIONS_SOURCE, pointer: '#/useFactory' };
      try {
        runtime = await options.useFactory(...args);
        if (typeof runtime !== 'object' || runtime === null) {
          problems.push({ at, ...startupMessages.asyncFactoryFailed(`it returned ${String(runtime)}`) });
        }
      } catch (error) {
        problems.push({
          at,
          ...startupMessages.asyncFactoryFailed(error instanceof Error ? error.message : String(error)),
        });
      }
      const returned = typeof runtime === 'object' && runtime !== null ? (runtime as Record<string, unknown>) : {};
      for (const name of ASYNCTION_STATIC_OPTIONS) {
        if (returned[name] !== undefined) problems.push({ at, ...startupMessages.asyncStaticOption(name) });
      }
      const runtimeOnly = Object.fromEntries(
        Object.entries(returned).filter(([name]) => !(ASYNCTION_STATIC_OPTIONS as readonly string[]).includes(name)),
      );
      problems.push(...unknownOptionProblems(runtimeOnly as unknown as AsynctionModuleOptions));
      source.documents[0]?.problems.push(...problems);
      source.complete({ ...source.options, ...runtimeOnly });
      // Not the source itself: the core module collects sources by instance, and would find this one twice.
      return null;
    },
    inject: options.inject ?? [],
  };
}

/** The static part of `forRootAsync`'s argument, as `forRoot` options. */
export function staticOptions(options: AsynctionModuleAsyncOptions): AsynctionModuleOptions {
  const entries = ASYNCTION_STATIC_OPTIONS.map((name) => [name, options[name]] as const).filter(
    ([, v]) => v !== undefined,
  );
  return Object.fromEntries(entries) as unknown as AsynctionModuleOptions;
}
