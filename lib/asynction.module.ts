import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AsynctionCoreModule } from './asynction-core.module.js';
import { ASYNCTION_EMIT_TRANSPORT, ASYNCTION_SOURCE } from './asynction.constants.js';
import { startupMessages } from './messages/index.js';
import { OPTIONS_SOURCE, unknownOptionProblems } from './asynction.options.js';
import { AsynctionDocumentSource } from './asynction.source.js';
import { createNamespaceGateway } from './gateway/gateway.factory.js';
import type { AsynctionModuleOptions, ResolvedAsynctionOptions } from './interfaces/asynction-options.interface.js';
import { scaleOutProviders } from './redis/redis.providers.js';
import { emptyModel, readDocument, type AsynctionDocument } from './document/document.reader.js';
import type { SpecProblem } from './interfaces/spec-problem.interface.js';
import { withAllowedOrigins } from './security/origin.guard.js';
import { resolveMockOptions, withoutSecurity } from './mock/index.js';

function resolveOptions(options: AsynctionModuleOptions): ResolvedAsynctionOptions {
  const { mock, ...rest } = options;
  return {
    validation: true,
    perspective: 'client',
    gatewayOptions: {},
    ackTimeout: 10_000,
    isGlobal: true,
    cwd: process.cwd(),
    ...rest,
    ...(mock ? { mock: resolveMockOptions(mock) } : {}),
  };
}

/**
 * Serves an AsyncAPI document over socket.io: one generated gateway per namespace, every message validated, every
 * operation bound to an `@AsyncOperation` method. Problems with the document or the binding make `app.init()`
 * reject with all of them listed.
 */
@Module({})
export class AsynctionModule {
  /**
   * May be imported several times, and `spec` may list several documents: every document is served, all sharing
   * one `AsynctionEmitter`, one set of handlers and the same socket.io server (see `AsynctionModuleOptions.spec`).
   * @param options the document's path (extension optional), or the options with `spec`
   */
  static forRoot(options: string | AsynctionModuleOptions): DynamicModule {
    const given = typeof options === 'string' ? { spec: options } : options;
    const resolved = resolveOptions(given);
    const documents = [...optionsDocument(given), ...readDocuments(resolved)];
    if (resolved.mock?.auth === 'none') documents.forEach(withoutSecurity);
    const sound = documents.every((d) => d.problems.length === 0);
    const scaleOut = scaleOutProviders(resolved, sound);
    const servable = !resolved.emitOnly && sound;
    const transport = resolved.emitOnly && resolved.redis ? [ASYNCTION_EMIT_TRANSPORT] : [];
    const providers: Provider[] = [
      { provide: Symbol(ASYNCTION_SOURCE), useValue: new AsynctionDocumentSource(documents, resolved) },
      ...scaleOut.providers,
      ...(servable ? createGateways(documents, resolved) : []),
    ];
    return {
      module: AsynctionModule,
      // The shared core's emitter reaches an emit-only transport only through a global module.
      global: resolved.isGlobal || transport.length > 0,
      imports: [AsynctionCoreModule],
      providers,
      exports: [AsynctionCoreModule, ...scaleOut.exports, ...transport],
    };
  }
}

function readDocuments(options: ResolvedAsynctionOptions): AsynctionDocument[] {
  const specs = Array.isArray(options.spec) ? options.spec : [options.spec];
  if (specs.length > 0) return specs.map((spec) => readDocument(spec, options));
  return [problemsOnly([{ at: { file: OPTIONS_SOURCE, pointer: '#/spec' }, ...startupMessages.noDocuments() }])];
}

/** The options' own problems (unknown keys), reported at `app.init()` with the documents' problems. */
function optionsDocument(options: AsynctionModuleOptions): AsynctionDocument[] {
  const problems = unknownOptionProblems(options);
  return problems.length > 0 ? [problemsOnly(problems)] : [];
}

/** A stand-in document that serves nothing and carries problems that belong to no document. */
function problemsOnly(problems: SpecProblem[]): AsynctionDocument {
  return { model: emptyModel(OPTIONS_SOURCE), problems, validators: new Map() };
}

/** One gateway per namespace of this call's documents, on the selected server's path of the first that has one. */
function createGateways(documents: readonly AsynctionDocument[], options: ResolvedAsynctionOptions): Provider[] {
  const paths = new Map<string, string | undefined>();
  for (const { model } of documents) {
    for (const namespace of model.namespaces.keys()) if (!paths.has(namespace)) paths.set(namespace, model.serverPath);
  }
  return [...paths].map(([namespace, path]) =>
    createNamespaceGateway(
      namespace,
      withAllowedOrigins({ ...(path ? { path } : {}), ...options.gatewayOptions }, options.allowedOrigins),
    ),
  );
}
