import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AsynctionCoreModule } from './asynction-core.module.js';
import { ASYNCTION_EMIT_TRANSPORT } from './asynction.constants.js';
import {
  asyncOptionsProvider,
  createGateways,
  optionsDocument,
  readDocuments,
  resolveOptions,
  sourceProvider,
  staticOptions,
} from './asynction.providers.js';
import { AsynctionDocumentSource } from './asynction.source.js';
import type {
  AsynctionModuleAsyncOptions,
  AsynctionModuleOptions,
  ResolvedAsynctionOptions,
} from './interfaces/asynction-options.interface.js';
import { scaleOutProviders } from './redis/redis.providers.js';

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
    const source = new AsynctionDocumentSource(documents, resolved);
    const scaleOut = scaleOutProviders(resolved, sound(source));
    const transport = resolved.emitOnly && resolved.redis ? [ASYNCTION_EMIT_TRANSPORT] : [];
    return assemble(
      resolved,
      [sourceProvider(source), ...scaleOut.providers, ...gateways(source)],
      [...scaleOut.exports, ...transport],
    );
  }

  /**
   * For options known only at run time (Redis URL, allowed origins, default error handler, ack timeout...): the
   * document, and the other options that decide which gateway classes exist, are given here, statically; the rest
   * comes from `useFactory`, run with the providers of `inject` (from `imports`). A factory that returns `spec` or
   * another static option, or that throws, makes `app.init()` reject naming it.
   */
  static forRootAsync(options: AsynctionModuleAsyncOptions): DynamicModule {
    const given = staticOptions(options);
    const resolved = resolveOptions(given);
    const documents = [...optionsDocument(given), ...readDocuments(resolved, 'forRootAsync')];
    const source = new AsynctionDocumentSource(documents, resolved, true);
    const redis = () => source.ready.then(() => source.options.redis);
    const scaleOut = scaleOutProviders(resolved, () => sound(source), redis);
    const transport = resolved.emitOnly ? [ASYNCTION_EMIT_TRANSPORT] : [];
    const providers = [sourceProvider(source), asyncOptionsProvider(options, source), ...scaleOut.providers];
    return {
      ...assemble(resolved, [...providers, ...gateways(source)], [...scaleOut.exports, ...transport]),
      imports: [...(options.imports ?? []), AsynctionCoreModule],
    };
  }
}

/** False when the application cannot start: connecting to Redis would delay or hide the report. */
function sound(source: AsynctionDocumentSource): boolean {
  return source.documents.every((d) => d.problems.length === 0);
}

function gateways(source: AsynctionDocumentSource): Provider[] {
  return !source.options.emitOnly && sound(source) ? createGateways(source.documents, source) : [];
}

type Exports = NonNullable<DynamicModule['exports']>;

function assemble(options: ResolvedAsynctionOptions, providers: Provider[], exports: Exports): DynamicModule {
  return {
    module: AsynctionModule,
    // The shared core's emitter reaches an emit-only transport only through a global module.
    global: options.isGlobal || exports.includes(ASYNCTION_EMIT_TRANSPORT),
    imports: [AsynctionCoreModule],
    providers,
    exports: [AsynctionCoreModule, ...exports],
  };
}
