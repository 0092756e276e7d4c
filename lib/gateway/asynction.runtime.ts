import type { Namespace } from 'socket.io';
import type { AsynctionRegistry } from '../asynction.registry.js';
import type { AsynctionErrorHandler } from '../interfaces/asynction-options.interface.js';
import type { MessageModel, NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import type { AsynctionDocument } from '../spec/document.reader.js';
import type { CompiledSchema } from '../spec/schema.compiler.js';
import { NamespaceDispatcher } from './namespace.dispatcher.js';

/** An outbound message with its compiled schemas, as the emitter needs it. */
export interface OutboundRoute {
  message: MessageModel;
  payload?: CompiledSchema;
  ack?: CompiledSchema;
}

/**
 * The live state of one application's namespaces: a dispatcher per namespace, and the socket.io namespace each
 * gateway hands over in `afterInit`. One instance per application, provided by the module (no static state).
 */
export class AsynctionRuntime {
  readonly dispatchers = new Map<string, NamespaceDispatcher>();
  readonly outbound = new Map<string, Map<string, OutboundRoute>>();
  private readonly servers = new Map<string, Namespace>();

  constructor(documents: readonly AsynctionDocument[], validation: boolean, defaultErrorHandler?: AsynctionErrorHandler) {
    for (const document of documents) {
      for (const ns of document.model.namespaces.values()) {
        this.dispatchers.set(ns.name, new NamespaceDispatcher(ns, document.validators, validation, defaultErrorHandler));
        const routes = new Map<string, OutboundRoute>();
        for (const message of ns.outbound.values()) {
          const compiled = validation ? document.validators.get(message) ?? {} : {};
          routes.set(message.event, { message, payload: compiled.payload, ack: compiled.ack });
        }
        this.outbound.set(ns.name, routes);
      }
    }
  }

  get namespaces(): NamespaceModel[] {
    return [...this.dispatchers.values()].map((d) => d.model);
  }

  attach(name: string, nsp: Namespace): void {
    this.servers.set(name, nsp);
    this.dispatchers.get(name)?.attach(nsp);
  }

  bind(registry: AsynctionRegistry): void {
    for (const dispatcher of this.dispatchers.values()) dispatcher.bind(registry);
  }

  server(name: string): Namespace | undefined {
    return this.servers.get(name);
  }
}
