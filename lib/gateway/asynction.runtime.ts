import type { Namespace, Server } from '../interfaces/socket-io.interface.js';
import { clientMessages } from '../messages/index.js';
import { Logger } from '@nestjs/common';
import type { HandlerLookup } from '../interfaces/bound-handler.interface.js';
import type { AsynctionErrorHandler, AsynctionLimitsOptions } from '../interfaces/asynction-options.interface.js';
import type { MessageModel } from '../interfaces/asyncapi-model.interface.js';
import type { AsynctionDocument } from '../document/document.reader.js';
import { mergeDocuments } from '../document/document.merger.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import type { CompiledSchema } from '../document/schema.compiler.js';
import { NamespaceDispatcher } from './namespace.dispatcher.js';
import type { ConnectionLimits } from './namespace.admission.js';
import { NamespaceGate } from '../security/namespace.gate.js';
import { resolveLimits } from '../security/limits.resolver.js';
import { RefusalLimiter } from '../security/refusal.limiter.js';
import { FairShare } from './fair-share.js';
import { RateLimiter } from './rate.limiter.js';
import { RefusalLog } from './refusal.log.js';
import type { MessageObserver } from '../interfaces/message-observer.interface.js';

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
  /** socket.io servers whose main namespace `/` is guarded (see `guardMainNamespace`). */
  private readonly guarded = new WeakSet<Server>();
  /** What the documents declare differently from each other (several documents, see `mergeDocuments`). */
  readonly problems: readonly SpecProblem[];
  private readonly fairShare: FairShare;

  /**
   * @param documents every document the application serves (of every `forRoot`); namespaces they share are merged.
   *   A document read with `validation: false` has no compiled schemas, so its messages are not validated.
   * @param limitOptions the application's `limits`
   */
  private readonly refusals: RefusalLog;

  constructor(
    documents: readonly AsynctionDocument[],
    defaultErrorHandler?: AsynctionErrorHandler,
    limitOptions?: AsynctionLimitsOptions,
    logSummaryInterval = 10_000,
    /** Telemetry (the `telemetry` option); undefined without it, so the message path pays nothing. */
    readonly observer?: MessageObserver,
  ) {
    this.refusals = new RefusalLog(new Logger('Asynction'), logSummaryInterval);
    const merged = mergeDocuments(documents);
    const { limits, problems } = resolveLimits(limitOptions);
    this.problems = [...merged.problems, ...problems];
    const connectionLimits: ConnectionLimits = {
      limits,
      refusals: new RefusalLimiter(limits),
      rate: limits.rateLimit && new RateLimiter(limits.rateLimit),
    };
    this.fairShare = new FairShare(limits.fairShare);
    for (const { model: ns, owner } of merged.namespaces.values()) {
      const bindings = owner.handshake?.get(owner.model.namespaces.get(ns.name)!);
      const gate = NamespaceGate.of(ns, bindings, limits.checkTimeout);
      this.dispatchers.set(
        ns.name,
        new NamespaceDispatcher(
          ns,
          merged.validators,
          defaultErrorHandler,
          connectionLimits,
          gate,
          this.refusals,
          observer,
        ),
      );
      const routes = new Map<string, OutboundRoute>();
      for (const message of ns.outbound.values()) {
        const compiled = merged.validators.get(message) ?? {};
        routes.set(message.event, { message, payload: compiled.payload, ack: compiled.ack });
      }
      this.outbound.set(ns.name, routes);
    }
  }

  /** Called by every gateway of the namespace; two `forRoot`s that share a namespace hand over the same one. */
  attach(name: string, nsp: Namespace): void {
    if (this.servers.get(name) === nsp) return;
    if (!this.servers.has(name)) this.servers.set(name, nsp);
    this.fairShare.install(nsp.server);
    this.dispatchers.get(name)?.attach(nsp);
    if (!this.dispatchers.has('/')) this.guardMainNamespace(nsp.server);
  }

  /**
   * socket.io accepts every connection to its main namespace `/`. When no document declares `/`, a client there would
   * be connected to nothing: its events dropped, its acks never answered. Unless something else of the application
   * serves `/` (one of the user's own gateways, an `io.on('connection')`), the connection is refused, as socket.io
   * refuses a namespace nobody declared.
   */
  private guardMainNamespace(server: Server): void {
    if (this.guarded.has(server)) return;
    this.guarded.add(server);
    const main = server.of('/');
    main.use((_socket, next) => {
      if (main.listenerCount('connection') > 0) return next();
      next(new Error(clientMessages.mainNamespaceUndeclared([...this.dispatchers.keys()])));
    });
  }

  bind(registry: HandlerLookup): void {
    for (const dispatcher of this.dispatchers.values()) dispatcher.bind(registry);
  }

  /**
   * Refuses new connections and messages, waits up to `timeout` ms for the handlers in flight (their acks are sent),
   * then disconnects this instance's clients.
   */
  async shutdown(timeout: number): Promise<{ finished: number; cut: number; clients: number }> {
    const dispatchers = [...this.dispatchers.values()];
    const running = dispatchers.reduce((sum, d) => sum + d.running, 0);
    const left = await Promise.all(dispatchers.map((d) => d.drain(timeout)));
    const cut = left.reduce((sum, n) => sum + n, 0);
    const clients = dispatchers.reduce((sum, d) => sum + d.disconnectAll(), 0);
    this.refusals.flush();
    return { finished: running - cut, cut, clients };
  }

  server(name: string): Namespace | undefined {
    return this.servers.get(name);
  }
}
