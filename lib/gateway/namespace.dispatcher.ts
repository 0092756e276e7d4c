import { Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Namespace, Socket } from '../interfaces/socket-io.interface.js';
import { EXCEPTION_EVENT } from '../asynction.constants.js';
import { clientMessages, logMessages } from '../messages/index.js';
import type { HandlerLookup, BoundInvoke } from '../interfaces/bound-handler.interface.js';
import { AckValidationError } from '../errors/ack-validation.error.js';
import { PayloadValidationError } from '../errors/payload-validation.error.js';
import { UndeclaredEventError } from '../errors/undeclared-event.error.js';
import { RateLimitError } from '../errors/rate-limit.error.js';
import type { AsynctionErrorHandler } from '../interfaces/asynction-options.interface.js';
import type { MessageModel, NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import { violationsOf, type CompiledSchema } from '../document/schema.compiler.js';
import type { EventGuard, NamespaceGate } from '../security/namespace.gate.js';
import type { MessageValidators } from '../document/document.reader.js';
import { toClientError } from './client-error.js';
import { NamespaceAdmission, type ConnectionLimits } from './namespace.admission.js';
import { FILTERED } from './handler.factory.js';
import { awaitResult } from '../utils/await-result.js';
import { SecurityError } from '../errors/security.error.js';
import type { RefusalLog, RefusalReason } from './refusal.log.js';
import type { MessageObserver, ObservedOperation } from '../interfaces/message-observer.interface.js';

/** The event label of every undeclared event in telemetry. */
const UNDECLARED = '(undeclared)';

type Ack = (...args: unknown[]) => void;

/** Everything one inbound event needs per message, resolved once. */
interface InboundRoute {
  readonly event: string;
  readonly tuple: boolean;
  readonly payload?: CompiledSchema;
  readonly ack?: CompiledSchema;
  readonly ackTuple: boolean;
  readonly handlerId: string;
  /** The operation's security, when it has some. */
  readonly guard?: EventGuard;
  invoke?: BoundInvoke;
}

const logger = new Logger('Asynction');

/**
 * Serves one namespace: the connect middleware, and one shared listener per inbound event (registered on each
 * socket with `this` bound to it, so no closure is created per socket or per message). Per message: split the ack
 * callback off, validate the arguments, call the handler, validate and send its result as the ack. Every failure
 * takes the error path, never the process or the connection.
 */
export class NamespaceDispatcher {
  private readonly routes: InboundRoute[];
  private readonly listeners: Array<[string, (this: Socket, ...args: unknown[]) => void]>;
  private readonly onUndeclared: (this: Socket, event: string, ...args: unknown[]) => void;
  private readonly admission: NamespaceAdmission;
  private errorHandler?: BoundInvoke;
  private disconnectHandler?: BoundInvoke;
  private nsp?: Namespace;
  /** Handlers called and not yet settled (their ack not yet sent). */
  private inflight = 0;
  /** Set by `app.close()`: no new connection, no new message. */
  private closing = false;
  private idle?: () => void;

  constructor(
    readonly model: NamespaceModel,
    validators: Map<MessageModel, MessageValidators>,
    private readonly defaultErrorHandler: AsynctionErrorHandler | undefined,
    private readonly connectionLimits: ConnectionLimits,
    /** Security and handshake bindings; undefined when the namespace has neither. */
    private readonly gate: NamespaceGate | undefined,
    private readonly refusals: RefusalLog,
    private readonly observer?: MessageObserver,
  ) {
    this.admission = new NamespaceAdmission(model, connectionLimits, gate);
    this.routes = [...model.inbound.values()].map((message) => {
      const compiled = validators.get(message) ?? {};
      return {
        event: message.event,
        tuple: message.payload?.tuple ?? false,
        payload: compiled.payload,
        ack: compiled.ack,
        ackTuple: message.ack?.tuple ?? false,
        handlerId: message.handler?.id ?? '',
        guard: gate?.eventGuard(message),
      };
    });
    this.listeners = this.routes.map((route) => [
      route.event,
      route.guard ? this.guarded(route, route.guard) : this.createListener(route),
    ]);
    const dispatcher = this;
    // socket.io calls catch-all listeners for every event first; one that nothing else listens to is not declared.
    this.onUndeclared = function onUndeclared(this: Socket, event: string, ...args: unknown[]): void {
      if (this.listenerCount(event) > 0) return;
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as Ack) : undefined;
      const name = String(event);
      const serverOnly = dispatcher.model.outbound.has(name);
      const error = new UndeclaredEventError(dispatcher.model.name, name, serverOnly);
      // A client chooses undeclared names: one label for all of them keeps the metrics' cardinality bounded.
      dispatcher.observer?.received(dispatcher.model.name, UNDECLARED).end(error);
      dispatcher.fail(this, name, error, ack);
    };
  }

  /** Called once the registry is filled: from then on every route has its handler. */
  bind(registry: HandlerLookup): void {
    for (const route of this.routes) route.invoke = registry.get(route.handlerId)?.invoke;
    this.errorHandler = this.model.error && registry.get(this.model.error.id)?.invoke;
    this.admission.bind(registry);
    this.disconnectHandler = this.model.disconnect && registry.get(this.model.disconnect.id)?.invoke;
    this.gate?.bind(registry);
  }

  /** Called by the namespace's gateway in `afterInit`, before any client can connect. */
  attach(nsp: Namespace): void {
    this.nsp = nsp;
    nsp.use((socket, next) => this.admit(socket, next));
    nsp.on('connection', (socket: Socket) => {
      if (this.connectionLimits.rate) this.limitRate(socket);
      for (const [event, listener] of this.listeners) socket.on(event, listener);
      socket.onAny(this.onUndeclared);
      if (this.disconnectHandler) socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    });
  }

  /** `app.close()` refuses new connections; otherwise the admission decides (security, bindings, connect handler). */
  private admit(socket: Socket, admitted: (err?: Error) => void): void {
    if (this.closing) return admitted(new Error(clientMessages.shuttingDown(this.model.name)));
    const observed = this.observer?.connecting(this.model.name);
    this.admission.admit(socket, (error?: Error) => {
      observed?.end(error);
      if (error)
        this.refusals.report('refused connection', 'warn', () => this.refusalText('refused connection', '', error));
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
      const last: unknown = packet[packet.length - 1];
      const error = new RateLimitError(this.model.name, event, limiter.limit.rate, limiter.limit.burst);
      this.observer?.received(this.model.name, this.model.inbound.has(event) ? event : UNDECLARED).end(error);
      this.fail(socket, event, error, typeof last === 'function' ? (last as Ack) : undefined);
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

  /** Operation-level security, before validation; only routes whose operation has some pay for it. */
  private guarded(route: InboundRoute, guard: EventGuard): (this: Socket, ...args: unknown[]) => void {
    const dispatcher = this;
    const listener = this.createListener(route);
    return function onGuardedMessage(this: Socket, ...args: unknown[]): void {
      const proceed = (refusal: Error | undefined) => {
        if (!refusal) return listener.apply(this, args);
        dispatcher.observer?.received(dispatcher.model.name, route.event).end(refusal);
        const last = args[args.length - 1];
        dispatcher.fail(this, route.event, refusal, typeof last === 'function' ? (last as Ack) : undefined);
      };
      const refusal = guard(this);
      if (refusal instanceof Promise) void refusal.then(proceed);
      else proceed(refusal);
    };
  }

  private createListener(route: InboundRoute): (this: Socket, ...args: unknown[]) => void {
    const dispatcher = this;
    return function onMessage(this: Socket, ...args: unknown[]): void {
      let count = args.length;
      const ack = count > 0 && typeof args[count - 1] === 'function' ? (args[--count] as Ack) : undefined;
      const observed = dispatcher.observer?.received(dispatcher.model.name, route.event);
      if (dispatcher.closing) {
        const error = new WsException(clientMessages.shuttingDown(dispatcher.model.name));
        observed?.end(error);
        return dispatcher.fail(this, route.event, error, ack);
      }
      let payload: unknown;
      if (route.tuple) {
        payload = count === args.length ? args : args.slice(0, count);
      } else {
        if (route.payload && count !== 1) {
          const detail = clientMessages.argumentsCount(1, count);
          const error = new PayloadValidationError(dispatcher.model.name, route.event, [
            { pointer: '', message: detail },
          ]);
          observed?.end(error);
          return dispatcher.fail(this, route.event, error, ack);
        }
        payload = args[0];
      }
      const invalid = route.payload && violationsOf(route.payload, payload);
      if (invalid) {
        const error = new PayloadValidationError(dispatcher.model.name, route.event, invalid);
        observed?.end(error);
        return dispatcher.fail(this, route.event, error, ack);
      }
      let result: unknown;
      dispatcher.inflight++;
      try {
        const invoke = route.invoke!;
        result = observed?.handle
          ? observed.handle(() => invoke(payload, this, route.event))
          : invoke(payload, this, route.event);
      } catch (error) {
        observed?.end(error);
        dispatcher.fail(this, route.event, error, ack);
        return dispatcher.settled();
      }
      dispatcher.settle(this, route, result, ack, observed);
    };
  }

  private settle(
    socket: Socket,
    route: InboundRoute,
    result: unknown,
    ack: Ack | undefined,
    observed: ObservedOperation | undefined,
  ): void {
    const value = awaitResult(result);
    if (!(value instanceof Promise)) {
      const error = this.complete(socket, route, value, ack);
      observed?.end(error);
      return this.settled();
    }
    value
      .then(
        (resolved) => {
          // Not `observed?.end(this.complete(...))`: optional chaining would skip the call to complete.
          const error = this.complete(socket, route, resolved, ack);
          observed?.end(error);
        },
        (error: unknown) => {
          observed?.end(error);
          this.fail(socket, route.event, error, ack);
        },
      )
      .finally(() => this.settled());
  }

  /** Whether `app.close()` has begun: no new connection or message is admitted. */
  get isClosing(): boolean {
    return this.closing;
  }

  /** Whether the namespace's gateway has handed over its socket.io namespace. */
  get isAttached(): boolean {
    return this.nsp !== undefined;
  }

  /** Handlers called and not yet settled. */
  get running(): number {
    return this.inflight;
  }

  private settled(): void {
    if (--this.inflight === 0) this.idle?.();
  }

  /**
   * The first step of `app.close()`: refuses new connections and messages, and resolves with how many handlers are
   * still running after the last one settles or `timeout` ms, whichever comes first.
   */
  async drain(timeout: number): Promise<number> {
    this.closing = true;
    if (this.inflight === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.idle = resolve;
      timer = setTimeout(resolve, timeout);
    });
    clearTimeout(timer);
    return this.inflight;
  }

  /** The last step of `app.close()`: this instance's clients are disconnected (`io server disconnect`). */
  disconnectAll(): number {
    if (!this.nsp) return 0;
    const count = this.nsp.sockets.size;
    for (const socket of [...this.nsp.sockets.values()]) socket.disconnect(true);
    return count;
  }

  /** Sends the handler's result as the ack; returns the error when the result is not a valid ack. */
  private complete(socket: Socket, route: InboundRoute, value: unknown, ack: Ack | undefined): unknown {
    if (value === FILTERED) return undefined;
    const invalid = route.ack && violationsOf(route.ack, value);
    if (invalid) {
      const error = new AckValidationError(this.model.name, route.event, invalid);
      this.fail(socket, route.event, error, ack);
      return error;
    }
    if (ack) this.sendAck(socket, route.event, ack, value, route.ackTuple);
    return undefined;
  }

  private sendAck(socket: Socket, event: string, ack: Ack, value: unknown, tuple: boolean): void {
    try {
      if (tuple && Array.isArray(value)) ack(...value);
      else if (value === undefined) ack();
      else ack(value);
    } catch (error) {
      // socket.io encodes synchronously: a value it cannot encode (too deep, cyclic) throws here, not in a handler.
      const reason = error instanceof Error ? error.message : String(error);
      logger.error(logMessages.ackSendFailed(this.model.name, event, reason));
      this.respond(socket, event, new Error(reason), ack);
    }
  }

  /** The error path: the namespace's error handler, else the default one, else the `exception` event. */
  fail(socket: Socket, event: string, error: unknown, ack: Ack | undefined): void {
    const reason = refusalOf(error);
    if (reason) this.refusals.report(reason, 'warn', () => this.refusalText(reason, event, error));
    const handler = this.errorHandler ?? this.defaultErrorHandler;
    if (!handler) return this.respond(socket, event, error, ack);
    let result: unknown;
    try {
      result = handler(error, socket);
    } catch (handlerError) {
      logger.error(handlerError);
      return this.respond(socket, event, error, ack);
    }
    const deliver = (value: unknown) => {
      if (ack) this.sendAck(socket, event, ack, value, false);
    };
    const value = awaitResult(result);
    if (!(value instanceof Promise)) return deliver(value);
    value.then(deliver, (handlerError: unknown) => {
      logger.error(handlerError);
      this.respond(socket, event, error, ack);
    });
  }

  private respond(socket: Socket, event: string, error: unknown, ack: Ack | undefined): void {
    const { body, internal } = toClientError(error, this.model.name, event);
    if (internal) {
      this.refusals.report('handler error', 'error', () =>
        this.refusalText('handler error', event, error instanceof Error ? (error.stack ?? error.message) : error),
      );
    }
    try {
      socket.emit(EXCEPTION_EVENT, body);
      ack?.(body);
    } catch (sendError) {
      logger.error(sendError);
    }
  }

  private refusalText(reason: RefusalReason, event: string, error: unknown): string {
    return logMessages.refused(reason, this.model.name, event, error instanceof Error ? error.message : String(error));
  }
}

/** The refusals a client causes; `undefined` for what the server causes (logged where it happens). */
function refusalOf(error: unknown): RefusalReason | undefined {
  if (error instanceof PayloadValidationError) return 'invalid payload';
  if (error instanceof UndeclaredEventError) return 'undeclared event';
  if (error instanceof SecurityError) return 'refused event';
  if (error instanceof RateLimitError) return 'rate limited';
  return undefined;
}
