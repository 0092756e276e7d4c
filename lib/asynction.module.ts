import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ASYNCTION_DOCUMENTS, ASYNCTION_OPTIONS } from './asynction.constants.js';
import { AsynctionEmitter } from './asynction.emitter.js';
import { AsynctionExplorer } from './asynction.explorer.js';
import { AsynctionRegistry } from './asynction.registry.js';
import { AsynctionRuntime } from './gateway/asynction.runtime.js';
import { createNamespaceGateway } from './gateway/gateway.factory.js';
import { HandlerFactory } from './gateway/handler.factory.js';
import type { AsynctionModuleOptions, ResolvedAsynctionOptions } from './interfaces/asynction-options.interface.js';
import { readDocument } from './spec/document.reader.js';

function resolveOptions(options: AsynctionModuleOptions): ResolvedAsynctionOptions {
  return {
    validation: true,
    perspective: 'client',
    gatewayOptions: {},
    ackTimeout: 10_000,
    isGlobal: true,
    cwd: process.cwd(),
    ...options,
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
   * @param options the document's path (extension optional), or the options with `spec`
   */
  static forRoot(options: string | AsynctionModuleOptions): DynamicModule {
    const resolved = resolveOptions(typeof options === 'string' ? { spec: options } : options);
    const document = readDocument(resolved.spec, resolved);
    const gatewayOptions = { ...(document.model.serverPath ? { path: document.model.serverPath } : {}), ...resolved.gatewayOptions };
    const gateways = document.problems.length === 0 ? [...document.model.namespaces.keys()].map((ns) => createNamespaceGateway(ns, gatewayOptions)) : [];
    const providers: Provider[] = [
      { provide: ASYNCTION_OPTIONS, useValue: resolved },
      { provide: ASYNCTION_DOCUMENTS, useValue: [document] },
      {
        provide: AsynctionRuntime,
        useFactory: () => new AsynctionRuntime([document], resolved.validation, resolved.defaultErrorHandler),
      },
      AsynctionRegistry,
      HandlerFactory,
      AsynctionExplorer,
      AsynctionEmitter,
      ...gateways,
    ];
    return {
      module: AsynctionModule,
      global: resolved.isGlobal,
      imports: [DiscoveryModule],
      providers,
      exports: [AsynctionEmitter, AsynctionRuntime],
    };
  }
}
