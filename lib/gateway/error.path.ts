import { Logger } from '@nestjs/common';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { EXCEPTION_EVENT } from '../asynction.constants.js';
import { logMessages } from '../messages/index.js';
import type { BoundInvoke } from '../interfaces/bound-handler.interface.js';
import { PayloadValidationError } from '../errors/payload-validation.error.js';
import { UndeclaredEventError } from '../errors/undeclared-event.error.js';
import { RateLimitError } from '../errors/rate-limit.error.js';
import { SecurityError } from '../errors/security.error.js';
import type { AsynctionErrorHandler } from '../interfaces/asynction-options.interface.js';
import { awaitResult } from '../utils/await-result.js';
import { toClientError } from './client-error.js';
import type { RefusalLog, RefusalReason } from './refusal.log.js';

/** The acknowledgement callback a client passed as the last argument of an event. */
export type Ack = (...args: unknown[]) => void;

/** The client's acknowledgement callback, when the last of an event's arguments is one. */
export function trailingAck(args: readonly unknown[]): Ack | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Ack) : undefined;
}

const logger = new Logger('Asynction');

/**
 * Where every failure of one namespace goes, never to the process or the connection: a refused, undeclared or
 * invalid message, a handler that threw or rejected, an invalid acknowledgement. Also sends acknowledgements, since
 * a value socket.io cannot encode turns a sent ack into a failure.
 */
export class ErrorPath {
  private errorHandler?: BoundInvoke;

  constructor(
    private readonly namespace: string,
    private readonly defaultErrorHandler: AsynctionErrorHandler | undefined,
    private readonly refusals: RefusalLog,
  ) {}

  /** Called once the registry is filled: the namespace's own error handler, when the document names one. */
  bind(errorHandler: BoundInvoke | undefined): void {
    this.errorHandler = errorHandler;
  }

  /** The error path: the namespace's error handler, else the default one, else the `exception` event. */
  fail(socket: Socket, event: string, error: unknown, ack: Ack | undefined): void {
    const reason = refusalOf(error);
    if (reason) this.refused(reason, event, error);
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

  /** Logs a refusal a client caused, in the refusal log's windows (`event` is `''` for a connection). */
  refused(reason: RefusalReason, event: string, error: unknown): void {
    this.refusals.report(reason, 'warn', () => this.refusalText(reason, event, error));
  }

  sendAck(socket: Socket, event: string, ack: Ack, value: unknown, tuple: boolean): void {
    try {
      if (tuple && Array.isArray(value)) ack(...value);
      else if (value === undefined) ack();
      else ack(value);
    } catch (error) {
      // socket.io encodes synchronously: a value it cannot encode (too deep, cyclic) throws here, not in a handler.
      const reason = error instanceof Error ? error.message : String(error);
      logger.error(logMessages.ackSendFailed(this.namespace, event, reason));
      this.respond(socket, event, new Error(reason), ack);
    }
  }

  private respond(socket: Socket, event: string, error: unknown, ack: Ack | undefined): void {
    const { body, internal } = toClientError(error, this.namespace, event);
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
    return logMessages.refused(reason, this.namespace, event, error instanceof Error ? error.message : String(error));
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
