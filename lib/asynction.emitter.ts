import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Socket } from './interfaces/socket-io.interface.js';
import { ASYNCTION_EMIT_TRANSPORT, ASYNCTION_OPTIONS } from './asynction.constants.js';
import { clientMessages, logMessages, violationsText } from './messages/index.js';
import { AckValidationError } from './errors/ack-validation.error.js';
import { EmitError } from './errors/emit.error.js';
import { AsynctionRuntime, type OutboundRoute } from './gateway/asynction.runtime.js';
import type { EmitTarget, EmitTransport } from './interfaces/emit-transport.interface.js';
import type { ResolvedAsynctionOptions } from './interfaces/asynction-options.interface.js';
import type {
  AsynctionEmitAck,
  AsynctionEmitAnyEvent,
  AsynctionEmitArgs,
  AsynctionEmitEvent,
  AsynctionEmitNamespace,
} from './interfaces/typed-document.interface.js';
import { violationsOf } from './document/schema.compiler.js';

/**
 * Sends document-declared messages to clients, validated first: an unknown namespace or event, or an invalid
 * payload, throws `EmitError` and nothing leaves the process. With the file `asynction types` generates in the
 * program, the compiler refuses those before they run: namespaces, events the application sends, and their arguments
 * are typed (`AsynctionNamespaces`).
 */
@Injectable()
export class AsynctionEmitter {
  constructor(
    private readonly runtime: AsynctionRuntime,
    @Inject(ASYNCTION_OPTIONS) private readonly options: ResolvedAsynctionOptions,
    @Optional() @Inject(ASYNCTION_EMIT_TRANSPORT) private readonly transport?: EmitTransport,
  ) {}

  /** Emits to every client of a namespace. */
  emit<N extends AsynctionEmitNamespace, E extends AsynctionEmitEvent<N>>(
    namespace: N,
    event: E,
    ...args: AsynctionEmitArgs<N, E>
  ): void {
    this.observe(namespace, event, () => {
      this.check(namespace, event, args);
      this.server(namespace).emit(event, ...args);
    });
  }

  /** Emits to the clients in one or more rooms of a namespace (a socket id is a room too). */
  emitTo<N extends AsynctionEmitNamespace, E extends AsynctionEmitEvent<N>>(
    namespace: N,
    rooms: string | string[],
    event: E,
    ...args: AsynctionEmitArgs<N, E>
  ): void {
    this.observe(namespace, event, () => {
      this.check(namespace, event, args);
      this.server(namespace)
        .to(rooms)
        .emit(event, ...args);
    });
  }

  /**
   * Emits to one socket, in its own namespace. The compiler cannot know a socket's namespace: it accepts an event any
   * namespace sends, with that event's arguments; the namespace is checked when it runs.
   */
  emitToSocket<E extends AsynctionEmitAnyEvent>(
    socket: Socket,
    event: E,
    ...args: AsynctionEmitArgs<AsynctionEmitNamespace, E>
  ): void {
    this.observe(socket.nsp.name, event, () => {
      this.check(socket.nsp.name, event, args);
      socket.emit(event, ...args);
    });
  }

  /**
   * Emits to one socket and resolves with the client's acknowledgement, validated against the message's ack schema
   * (`x-ack` / `reply`); rejects with `AckValidationError` when it does not match, or on timeout (`ackTimeout`).
   */
  async emitWithAck<E extends AsynctionEmitAnyEvent>(
    socket: Socket,
    event: E,
    ...args: AsynctionEmitArgs<AsynctionEmitNamespace, E>
  ): Promise<AsynctionEmitAck<AsynctionEmitNamespace, E>> {
    const namespace = socket.nsp.name;
    const observed = this.runtime.observer?.sent(namespace, event);
    try {
      const reply = await this.sendWithAck(socket, namespace, event, args);
      observed?.end();
      return reply as AsynctionEmitAck<AsynctionEmitNamespace, E>;
    } catch (error) {
      observed?.end(error);
      throw error;
    }
  }

  private async sendWithAck(socket: Socket, namespace: string, event: string, args: unknown[]): Promise<unknown> {
    const route = this.check(namespace, event, args);
    let reply: unknown;
    try {
      reply = await socket.timeout(this.options.ackTimeout).emitWithAck(event, ...args);
    } catch {
      throw new EmitError(logMessages.ackTimeout(namespace, event, this.options.ackTimeout), namespace, event);
    }
    const violations = route.ack && violationsOf(route.ack, reply);
    if (violations) throw new AckValidationError(namespace, event, violations);
    return reply;
  }

  /** A `send` span and the sent-messages counter, with the `telemetry` option. */
  private observe(namespace: string, event: string, send: () => void): void {
    const observed = this.runtime.observer?.sent(namespace, event);
    if (!observed) return send();
    try {
      send();
    } catch (error) {
      observed.end(error);
      throw error;
    }
    observed.end();
  }

  private server(namespace: string): EmitTarget {
    if (this.transport) return this.transport.of(namespace);
    const server = this.runtime.server(namespace);
    if (!server) throw new EmitError(logMessages.emitNotReady(namespace), namespace, '');
    return server;
  }

  private check(namespace: string, event: string, args: readonly unknown[]): OutboundRoute {
    const routes = this.runtime.outbound.get(namespace);
    if (!routes)
      throw new EmitError(
        logMessages.emitUnknownNamespace(namespace, [...this.runtime.outbound.keys()]),
        namespace,
        event,
      );
    const route = routes.get(event);
    if (!route)
      throw new EmitError(logMessages.emitUnknownEvent(namespace, event, [...routes.keys()]), namespace, event);
    if (!route.payload) return route;
    const tuple = route.message.payload?.tuple ?? false;
    if (!tuple && args.length !== 1) {
      throw new EmitError(
        logMessages.emitInvalid(namespace, event, clientMessages.argumentsCount(1, args.length)),
        namespace,
        event,
      );
    }
    const value = tuple ? args : args[0];
    const errors = violationsOf(route.payload, value);
    if (errors) {
      throw new EmitError(logMessages.emitInvalid(namespace, event, violationsText(errors)), namespace, event, errors);
    }
    return route;
  }
}
