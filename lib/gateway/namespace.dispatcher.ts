import { Logger } from '@nestjs/common';
import type { Namespace, Socket } from '../interfaces/socket-io.interface.js';
import { clientMessages } from '../messages/index.js';
import type { HandlerLookup, BoundInvoke } from '../interfaces/bound-handler.interface.js';
import { UndeclaredEventError } from '../errors/undeclared-event.error.js';
import { RateLimitError } from '../errors/rate-limit.error.js';
import type { AsynctionErrorHandler } from '../interfaces/asynction-options.interface.js';
import type { MessageModel, NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import type { NamespaceGate } from '../security/namespace.gate.js';
import type { MessageValidators } from '../document/document.reader.js';
import { NamespaceAdmission, type ConnectionLimits } from './namespace.admission.js';
import { awaitResult } from '../utils/await-result.js';
import type { RefusalLog } from './refusal.log.js';
import type { MessageObserver } from '../interfaces/message-observer.interface.js';
import { ErrorPath, trailingAck } from './error.path.js';
import { MessagePath } from './message.path.js';

/** The event label of every undeclared event in telemetry. */
const UNDECLARED = '(undeclared)';

const logger = new Logger('Asynction');

/**
 * Serves one namespace: the connect middleware, and on each connection the listeners of its inbound events (the
 * message path), a catch-all for undeclared events, the rate limit and the disconnect handler. Every failure takes
 * the error path, never the process or the connection. `app.close()` drains it, then disconnects its clients.
 */
export class NamespaceDispatcher {
  private readonly messages: MessagePath;
  private readonly errors: ErrorPath;
  private readonly onUndeclared: (this: Socket, event: string, ...args: unknown[]) => void;
  private readonly admission: NamespaceAdmission;
  private disconnectHandler?: BoundInvoke;
  private nsp?: Namespace;
  /** Whether connecting clients pass the namespace middleware (see `attach`). */
  private readonly admitting: boolean;

  constructor(
    readonly model: NamespaceModel,
    validators: Map<MessageModel, MessageValidators>,
    defaultErrorHandler: AsynctionErrorHandler | undefined,
    private readonly connectionLimits: ConnectionLimits,
    /** Security and handshake bindings; undefined when the namespace has neither. */
    private readonly gate: NamespaceGate | undefined,
    refusals: RefusalLog,
    private readonly observer?: MessageObserver,
  ) {
    this.admission = new NamespaceAdmission(model, connectionLimits, gate);
    this.admitting = !!gate || !!model.connect || !!observer || connectionLimits.limits.refusalsPerAddress > 0;
    this.errors = new ErrorPath(model.name, defaultErrorHandler, refusals);
    this.messages = new MessagePath(model, validators, gate, this.errors, observer);
    const dispatcher = this;
    // socket.io calls catch-all listeners for every event first; one that nothing else listens to is not declared.
    this.onUndeclared = function onUndeclared(this: Socket, event: string, ...args: unknown[]): void {
      if (this.listenerCount(event) > 0) return;
      const ack = trailingAck(args);
      const name = String(event);
      const serverOnly = dispatcher.model.outbound.has(name);
      const error = new UndeclaredEventError(dispatcher.model.name, name, serverOnly);
      // A client chooses undeclared names: one label for all of them keeps the metrics' cardinality bounded.
      dispatcher.observer?.received(dispatcher.model.name, UNDECLARED).end(error);
      dispatcher.errors.fail(this, name, error, ack);
    };
  }

  /** Called once the registry is filled: from then on every route has its handler. */
  bind(registry: HandlerLookup): void {
    this.messages.bind(registry);
    this.errors.bind(this.model.error && registry.get(this.model.error.id)?.invoke);
    this.admission.bind(registry);
    this.disconnectHandler = this.model.disconnect && registry.get(this.model.disconnect.id)?.invoke;
    this.gate?.bind(registry);
  }

  /**
   * Called by the namespace's gateway in `afterInit`, before any client can connect. A namespace with nothing that
   * could refuse a client (no security, handshake bindings or connect handler, no telemetry span, no
   * `limits.refusalsPerAddress`) gets no middleware, so socket.io connects its clients without a middleware run, as a
   * plain namespace; `app.close()` adds the refusal of new connections when it begins (`drain`). A connection that
   * used up `limits.refusalsPerConnection` elsewhere is closed a moment later, wherever it connected meanwhile.
   */
  attach(nsp: Namespace): void {
    this.nsp = nsp;
    if (this.admitting) nsp.use((socket, next) => this.admit(socket, next));
    nsp.on('connection', (socket: Socket) => {
      if (this.connectionLimits.rate) this.limitRate(socket);
      for (const [event, listener] of this.messages.listeners) socket.on(event, listener);
      socket.onAny(this.onUndeclared);
      if (this.disconnectHandler) socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    });
  }

  /** `app.close()` refuses new connections; otherwise the admission decides (security, bindings, connect handler). */
  private admit(socket: Socket, admitted: (err?: Error) => void): void {
    if (this.messages.isClosing) return admitted(new Error(clientMessages.shuttingDown(this.model.name)));
    const observed = this.observer?.connecting(this.model.name);
    this.admission.admit(socket, (error?: Error) => {
      observed?.end(error);
      if (error) this.errors.refused('refused connection', '', error);
      admitted(error);
    });
  }

  /**
   * `limits.rateLimit`: a message over the connection's rate reaches no handler, it takes the error path with a
   * `RateLimitError`; after `disconnectAfter` of them in a row the connection is closed.
   */
  private limitRate(socket: Socket): void {
    const limiter = this.connectionLimits.rate!;
    const bucket = limiter.bucketOf(socket);
    socket.use((packet, next) => {
      if (bucket.take()) return next();
      const event = String(packet[0]);
      const error = new RateLimitError(this.model.name, event, limiter.limit.rate, limiter.limit.burst);
      this.observer?.received(this.model.name, this.model.inbound.has(event) ? event : UNDECLARED).end(error);
      this.errors.fail(socket, event, error, trailingAck(packet));
      if (bucket.excess === limiter.limit.disconnectAfter)
        limiter.close(socket, this.connectionLimits.limits.trustProxy);
    });
  }

  private onDisconnect(socket: Socket, reason: string): void {
    try {
      const result = this.disconnectHandler!(socket, reason);
      const value = awaitResult(result);
      if (value instanceof Promise) value.catch((error: unknown) => logger.error(error));
    } catch (error) {
      logger.error(error);
    }
  }

  /** Whether `app.close()` has begun: no new connection or message is admitted. */
  get isClosing(): boolean {
    return this.messages.isClosing;
  }

  /** Whether the namespace's gateway has handed over its socket.io namespace. */
  get isAttached(): boolean {
    return this.nsp !== undefined;
  }

  /** Handlers called and not yet settled. */
  get running(): number {
    return this.messages.running;
  }

  /**
   * The first step of `app.close()`: refuses new connections and messages, and resolves with how many handlers are
   * still running after the last one settles or `timeout` ms, whichever comes first.
   */
  drain(timeout: number): Promise<number> {
    if (!this.admitting && !this.messages.isClosing) {
      this.nsp?.use((_socket, next) => next(new Error(clientMessages.shuttingDown(this.model.name))));
    }
    return this.messages.drain(timeout);
  }

  /** The last step of `app.close()`: this instance's clients are disconnected (`io server disconnect`). */
  disconnectAll(): number {
    if (!this.nsp) return 0;
    const count = this.nsp.sockets.size;
    for (const socket of [...this.nsp.sockets.values()]) socket.disconnect(true);
    return count;
  }
}
