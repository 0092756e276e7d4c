import { WsException } from '@nestjs/websockets';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { clientMessages } from '../messages/index.js';
import type { HandlerLookup, BoundInvoke } from '../interfaces/bound-handler.interface.js';
import { AckValidationError } from '../errors/ack-validation.error.js';
import { PayloadValidationError } from '../errors/payload-validation.error.js';
import type { MessageModel, NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import { violationsOf, type CompiledSchema } from '../document/schema.compiler.js';
import type { EventGuard, NamespaceGate } from '../security/namespace.gate.js';
import type { MessageValidators } from '../document/document.reader.js';
import { FILTERED } from './handler.factory.js';
import { awaitResult } from '../utils/await-result.js';
import type { MessageObserver, ObservedOperation } from '../interfaces/message-observer.interface.js';
import { trailingAck, type Ack, type ErrorPath } from './error.path.js';

/** A listener socket.io calls with `this` bound to the socket. */
export type SocketListener = (this: Socket, ...args: unknown[]) => void;

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

/**
 * The per-message path of one namespace: one shared listener per inbound event (registered on each socket with `this`
 * bound to it, so no closure is created per socket or per message). Per message: split the ack callback off, validate
 * the arguments, call the handler, validate and send its result as the ack. Every failure takes the error path. Counts
 * the handlers in flight, which `app.close()` drains.
 */
export class MessagePath {
  /** Each inbound event with its listener, for the dispatcher to register on every socket. */
  readonly listeners: ReadonlyArray<readonly [string, SocketListener]>;
  private readonly routes: InboundRoute[];
  /** Handlers called and not yet settled (their ack not yet sent). */
  private inflight = 0;
  /** Set by `app.close()`: no new connection, no new message. */
  private closing = false;
  private idle?: () => void;

  constructor(
    private readonly model: NamespaceModel,
    validators: Map<MessageModel, MessageValidators>,
    /** Security and handshake bindings; undefined when the namespace has neither. */
    gate: NamespaceGate | undefined,
    private readonly errors: ErrorPath,
    private readonly observer?: MessageObserver,
  ) {
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
  }

  /** Called once the registry is filled: from then on every route has its handler. */
  bind(registry: HandlerLookup): void {
    for (const route of this.routes) route.invoke = registry.get(route.handlerId)?.invoke;
  }

  /** Operation-level security, before validation; only routes whose operation has some pay for it. */
  private guarded(route: InboundRoute, guard: EventGuard): SocketListener {
    const messagePath = this;
    const listener = this.createListener(route);
    return function onGuardedMessage(this: Socket, ...args: unknown[]): void {
      const proceed = (refusal: Error | undefined) => {
        if (!refusal) return listener.apply(this, args);
        messagePath.observer?.received(messagePath.model.name, route.event).end(refusal);
        messagePath.errors.fail(this, route.event, refusal, trailingAck(args));
      };
      const refusal = guard(this);
      if (refusal instanceof Promise) void refusal.then(proceed);
      else proceed(refusal);
    };
  }

  private createListener(route: InboundRoute): SocketListener {
    const messagePath = this;
    const errors = this.errors;
    return function onMessage(this: Socket, ...args: unknown[]): void {
      let count = args.length;
      const ack = count > 0 && typeof args[count - 1] === 'function' ? (args[--count] as Ack) : undefined;
      const observed = messagePath.observer?.received(messagePath.model.name, route.event);
      if (messagePath.closing) {
        const error = new WsException(clientMessages.shuttingDown(messagePath.model.name));
        observed?.end(error);
        return errors.fail(this, route.event, error, ack);
      }
      let payload: unknown;
      if (route.tuple) {
        payload = count === args.length ? args : args.slice(0, count);
      } else {
        if (route.payload && count !== 1) {
          const detail = clientMessages.argumentsCount(1, count);
          const error = new PayloadValidationError(messagePath.model.name, route.event, [
            { pointer: '', message: detail },
          ]);
          observed?.end(error);
          return errors.fail(this, route.event, error, ack);
        }
        payload = args[0];
      }
      const invalid = route.payload && violationsOf(route.payload, payload);
      if (invalid) {
        const error = new PayloadValidationError(messagePath.model.name, route.event, invalid);
        observed?.end(error);
        return errors.fail(this, route.event, error, ack);
      }
      let result: unknown;
      messagePath.inflight++;
      try {
        const invoke = route.invoke!;
        result = observed?.handle
          ? observed.handle(() => invoke(payload, this, route.event))
          : invoke(payload, this, route.event);
      } catch (error) {
        observed?.end(error);
        errors.fail(this, route.event, error, ack);
        return messagePath.settled();
      }
      messagePath.settle(this, route, result, ack, observed);
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
          this.errors.fail(socket, route.event, error, ack);
        },
      )
      .finally(() => this.settled());
  }

  /** Sends the handler's result as the ack; returns the error when the result is not a valid ack. */
  private complete(socket: Socket, route: InboundRoute, value: unknown, ack: Ack | undefined): unknown {
    if (value === FILTERED) return undefined;
    const invalid = route.ack && violationsOf(route.ack, value);
    if (invalid) {
      const error = new AckValidationError(this.model.name, route.event, invalid);
      this.errors.fail(socket, route.event, error, ack);
      return error;
    }
    if (ack) this.errors.sendAck(socket, route.event, ack, value, route.ackTuple);
    return undefined;
  }

  /** Whether `app.close()` has begun: no new connection or message is admitted. */
  get isClosing(): boolean {
    return this.closing;
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
}
