import { Logger } from '@nestjs/common';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { clientMessages } from '../messages/index.js';
import type { HandlerLookup } from '../interfaces/bound-handler.interface.js';
import { BindingsValidationError } from '../errors/bindings-validation.error.js';
import type { SecurityError } from '../errors/security.error.js';
import type { MessageModel, NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import type { HandshakeBindings } from '../document/handshake-bindings.compiler.js';
import { then, type Maybe } from '../utils/await-result.js';
import { SecurityChecker } from './security.checker.js';

const logger = new Logger('Asynction');

/** Checks one event against its operation's security: the refusal, or undefined. */
export type EventGuard = (socket: Socket) => Maybe<SecurityError | undefined>;

/**
 * What a namespace checks before a client is in (the document's security, then the channel's handshake bindings) and,
 * per event, the operation's security. Exists only for namespaces that have any of these, so the others pay nothing.
 */
export class NamespaceGate {
  private readonly checker: SecurityChecker;

  private constructor(
    private readonly model: NamespaceModel,
    private readonly bindings: HandshakeBindings | undefined,
    checkTimeout: number,
  ) {
    this.checker = new SecurityChecker(model.name, checkTimeout);
  }

  /**
   * The gate of a namespace, or undefined when it checks nothing.
   * @param checkTimeout how long one verifying method may take, in milliseconds
   */
  static of(
    model: NamespaceModel,
    bindings: HandshakeBindings | undefined,
    checkTimeout: number,
  ): NamespaceGate | undefined {
    const secured = !!model.security?.length || [...model.inbound.values()].some((m) => !!m.security?.length);
    return secured || bindings ? new NamespaceGate(model, bindings, checkTimeout) : undefined;
  }

  bind(registry: HandlerLookup): void {
    this.checker.bind(registry);
  }

  /** The refusal of a connecting client, or undefined to let it in. Never throws or rejects. */
  admit(socket: Socket): Maybe<Error | undefined> {
    try {
      const security = this.model.security?.length ? this.checker.check(socket, this.model.security) : undefined;
      const refusal = then(security, (error) => error ?? this.checkBindings(socket));
      return refusal instanceof Promise ? refusal.catch((error: unknown) => this.internal(error)) : refusal;
    } catch (error) {
      return this.internal(error);
    }
  }

  private checkBindings(socket: Socket): BindingsValidationError | undefined {
    if (!this.bindings) return undefined;
    const errors = this.bindings.violations({
      method: socket.request.method ?? 'GET',
      query: socket.handshake.query,
      headers: socket.handshake.headers,
    });
    return errors.length > 0 ? new BindingsValidationError(this.model.name, errors) : undefined;
  }

  /** A bug while checking refuses the client; the details stay in the log. */
  private internal(error: unknown): Error {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return new Error(clientMessages.connectRefused(this.model.name, clientMessages.internalError));
  }

  /** The per-event check of a message whose operation has security, or undefined. */
  eventGuard(message: MessageModel): EventGuard | undefined {
    const requirements = message.security;
    if (!requirements?.length) return undefined;
    return (socket) => this.checker.check(socket, requirements, message.event);
  }
}
