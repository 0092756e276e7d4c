import { HttpException, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { clientMessages, logMessages } from '../messages/index.js';
import type { BoundInvoke, HandlerLookup } from '../interfaces/bound-handler.interface.js';
import type { NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import type { ResolvedLimits } from '../security/limits.resolver.js';
import type { NamespaceGate } from '../security/namespace.gate.js';
import type { RefusalLimiter } from '../security/refusal.limiter.js';
import { awaitResult } from '../utils/await-result.js';
import { withTimeout } from '../utils/timeout.js';
import type { RateLimiter } from './rate.limiter.js';

/** What one application does against abusive clients, shared by its namespaces (`limits`). */
export interface ConnectionLimits {
  readonly limits: ResolvedLimits;
  readonly refusals: RefusalLimiter;
  /** Undefined without `limits.rateLimit`. */
  readonly rate?: RateLimiter;
}

type Next = (err?: Error) => void;

/** What a connect handler that did not settle in time resolved to, in effect. */
const TIMED_OUT: unique symbol = Symbol('asynction:timed-out');

const logger = new Logger('Asynction');

/**
 * Who gets into one namespace: the connection's and the address's refusals so far, then security and handshake
 * bindings (the gate), then the connect handler. A refusal is the client's `connect_error` and counts against the
 * connection (and the address).
 */
export class NamespaceAdmission {
  private connectHandler?: BoundInvoke;

  constructor(
    private readonly model: NamespaceModel,
    private readonly connectionLimits: ConnectionLimits,
    /** Security and handshake bindings; undefined when the namespace has neither. */
    private readonly gate?: NamespaceGate,
  ) {}

  bind(registry: HandlerLookup): void {
    this.connectHandler = this.model.connect && registry.get(this.model.connect.id)?.invoke;
  }

  /** The namespace middleware. */
  admit(socket: Socket, next: Next): void {
    const { refusals } = this.connectionLimits;
    const blocked = refusals.blocked(socket, this.model.name);
    if (blocked) return next(blocked);
    const done = (error?: Error) => {
      if (error) refusals.refused(socket);
      next(error);
    };
    const refusal = this.gate?.admit(socket);
    if (refusal instanceof Promise)
      return void refusal.then((error) => (error ? done(error) : this.runConnectHandler(socket, done)));
    if (refusal) return done(refusal);
    this.runConnectHandler(socket, done);
  }

  /**
   * A connect handler's refusal reaches the client word for word only when it is meant for clients (`WsException`,
   * `HttpException`); anything else may carry internals (hosts, queries, secrets): the client gets a generic refusal
   * and the details go to the log. A handler still pending after `limits.checkTimeout` refuses too.
   */
  private runConnectHandler(socket: Socket, next: Next): void {
    if (!this.connectHandler) return next();
    const refuse = (error: unknown) => next(new Error(this.refusalOf(error)));
    try {
      const value = awaitResult(this.connectHandler(socket, socket));
      if (!(value instanceof Promise)) return next();
      const ms = this.connectionLimits.limits.checkTimeout;
      withTimeout(value, ms, () => TIMED_OUT).then((settled) => {
        if (settled !== TIMED_OUT) return next();
        logger.warn(logMessages.checkTimeout('connect handler', this.model.connect!.id, this.model.name, ms));
        next(new Error(clientMessages.connectRefused(this.model.name, clientMessages.connectHandlerTimedOut)));
      }, refuse);
    } catch (error) {
      refuse(error);
    }
  }

  private refusalOf(error: unknown): string {
    if (error instanceof WsException || error instanceof HttpException) {
      return clientMessages.connectRefused(this.model.name, error.message);
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logger.error(logMessages.connectHandlerFailed(this.model.connect!.id, this.model.name, detail));
    return clientMessages.connectRefused(this.model.name, clientMessages.internalError);
  }
}
