import { Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { ASYNCTION_DOCUMENTS, ASYNCTION_OPTIONS, ASYNCTION_SOURCES } from './asynction.constants.js';
import { AsynctionEmitter } from './asynction.emitter.js';
import { AsynctionExplorer } from './asynction.explorer.js';
import { AsynctionRegistry } from './asynction.registry.js';
import { AsynctionDocumentSource } from './asynction.source.js';
import { AsynctionDocsPage } from './docs-page/index.js';
import { AsynctionRuntime } from './gateway/asynction.runtime.js';
import { HandlerFactory } from './gateway/handler.factory.js';
import { AsynctionMock } from './mock/index.js';
import { GracefulShutdown } from './gateway/graceful-shutdown.js';
import { AsynctionHealth } from './asynction.health.js';
import { AsynctionTelemetry } from './telemetry/index.js';

/**
 * Every `forRoot` call's contribution, in the order Nest registered them, once complete: a `forRootAsync`'s when its
 * factory has run (Nest builds the providers of all modules side by side, so that factory runs meanwhile).
 */
async function collectSources(discovery: DiscoveryService): Promise<AsynctionDocumentSource[]> {
  const sources = discovery
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is AsynctionDocumentSource => instance instanceof AsynctionDocumentSource);
  await Promise.all(sources.map((source) => source.ready));
  return sources;
}

/**
 * What every `AsynctionModule.forRoot` of an application shares: one runtime serving the documents of all of them,
 * one registry, one explorer, one emitter. A static module, so that Nest creates it once however many `forRoot`s
 * import it; each `forRoot` contributes an `AsynctionDocumentSource`, found through discovery.
 * App-wide settings (`ackTimeout`, `defaultErrorHandler`, `docs`, `limits`) come from the first `forRoot` that sets
 * them; `telemetry` is on when any `forRoot` sets it.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: ASYNCTION_SOURCES, useFactory: collectSources, inject: [DiscoveryService] },
    {
      provide: ASYNCTION_DOCUMENTS,
      useFactory: (sources: AsynctionDocumentSource[]) => sources.flatMap((s) => s.documents),
      inject: [ASYNCTION_SOURCES],
    },
    {
      provide: ASYNCTION_OPTIONS,
      useFactory: (sources: AsynctionDocumentSource[]) => sources[0]?.options,
      inject: [ASYNCTION_SOURCES],
    },
    {
      provide: AsynctionTelemetry,
      useFactory: (sources: AsynctionDocumentSource[]) =>
        AsynctionTelemetry.load(sources.some((s) => s.options.telemetry)),
      inject: [ASYNCTION_SOURCES],
    },
    {
      provide: AsynctionRuntime,
      // Each document was read with its own forRoot's `validation`: one read without it has no compiled schemas.
      useFactory: (sources: AsynctionDocumentSource[], telemetry: AsynctionTelemetry) =>
        new AsynctionRuntime(
          sources.flatMap((s) => s.documents),
          sources.find((s) => s.options.defaultErrorHandler)?.options.defaultErrorHandler,
          sources.find((s) => s.options.limits)?.options.limits,
          sources[0]?.options.logSummaryInterval,
          telemetry.observer,
        ),
      inject: [ASYNCTION_SOURCES, AsynctionTelemetry],
    },
    {
      provide: AsynctionMock,
      // The first forRoot that asks for a mock sets it for the whole application, as ackTimeout.
      useFactory: (runtime: AsynctionRuntime, sources: AsynctionDocumentSource[]) =>
        new AsynctionMock(runtime, sources.find((s) => s.options.mock)?.options.mock),
      inject: [AsynctionRuntime, ASYNCTION_SOURCES],
    },
    AsynctionRegistry,
    HandlerFactory,
    AsynctionExplorer,
    AsynctionEmitter,
    AsynctionDocsPage,
    GracefulShutdown,
    AsynctionHealth,
  ],
  exports: [AsynctionEmitter, AsynctionHealth, AsynctionRuntime, AsynctionMock, ASYNCTION_DOCUMENTS, ASYNCTION_OPTIONS],
})
export class AsynctionCoreModule {}
