import type { Socket as ClientSocket } from 'socket.io-client';
import { EXCEPTION_EVENT } from '../asynction.constants.js';
import { ContractViolationError } from '../errors/contract-violation.error.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { violationsOf } from '../document/schema.compiler.js';
import { clientMessages, testingMessages, type ContractViolationKind } from '../messages/index.js';
import { payloadOf, type Contract, type ContractMessage, type ContractNamespace } from './contract.js';
import type { ContractCoverage } from './contract-coverage.js';
import type { ViolationHub } from './violation.hub.js';
import { preview } from './value-preview.js';
import type { AckOf, AnyEvents, ArgsBeforeAck, EventArgs, EventName, EventsMap, PayloadOf } from './event-types.js';

type Listener = (...args: unknown[]) => void;

/** What every socket of one test client shares. */
export interface TestSocketContext {
  contract: Contract;
  hub: ViolationHub;
  coverage: ContractCoverage;
  strict: boolean;
  timeout: number;
  isErrorAck?: (ack: unknown, namespace: string, event: string) => boolean;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Messages of one event kept for `waitFor`; the oldest go first when a test never waits for them. */
const MAILBOX_LIMIT = 1000;

/**
 * One connection of a test client to one namespace: every message the server sends and every acknowledgement it
 * returns is checked against the document (and, in strict mode, what this client sends). `raw` is the
 * socket.io-client socket, for what a test must send unchecked.
 */
export class TestSocket<Listen extends EventsMap = AnyEvents, Emit extends EventsMap = AnyEvents> {
  private readonly mailbox = new Map<string, unknown[]>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly model?: ContractNamespace;

  constructor(
    /** The socket.io-client socket: what is sent through it directly is not checked. */
    readonly raw: ClientSocket,
    readonly namespace: string,
    private readonly context: TestSocketContext,
  ) {
    this.model = context.contract.namespaces.get(namespace);
    raw.onAny((event: string, ...args: unknown[]) => this.receive(event, args));
    raw.on('disconnect', () => this.rejectWaiters());
  }

  /** socket.io's id of this connection. */
  get id(): string | undefined {
    return this.raw.id;
  }

  /** Sends a message (checked against the document first in strict mode: a violation throws, nothing is sent). */
  emit<E extends EventName<Emit>>(event: E, ...args: EventArgs<Emit, E>): this {
    this.checkOutgoing(event, args);
    this.context.coverage.record(this.namespace, 'inbound', event, 'sent');
    this.raw.emit(event, ...args);
    return this;
  }

  /**
   * Sends a message and resolves with the server's acknowledgement, checked against the document's ack schema. An
   * error acknowledgement (the `exception` body, or what `isErrorAck` recognises) resolves too: the error path.
   */
  emitWithAck<E extends EventName<Emit>>(
    event: E,
    ...args: ArgsBeforeAck<EventArgs<Emit, E>>
  ): Promise<AckOf<EventArgs<Emit, E>>> {
    const { hub, timeout } = this.context;
    return hub.guard(
      () =>
        new Promise((resolve, reject) => {
          this.checkOutgoing(event, args);
          this.context.coverage.record(this.namespace, 'inbound', event, 'sent');
          this.raw.timeout(timeout).emit(event, ...args, (error: Error | null, ...reply: unknown[]) => {
            if (error) return reject(new Error(testingMessages.ackTimeout(this.namespace, event, timeout)));
            resolve(this.checkAck(event, reply) as AckOf<EventArgs<Emit, E>>);
          });
        }),
    );
  }

  /**
   * Resolves with the oldest message of `event` received and not waited for yet, or the next one to arrive, checked
   * against the document (`exception` against its documented shape).
   * @param options.timeout how long to wait, in milliseconds @default the client's `timeout`
   */
  waitFor<E extends EventName<Listen> | 'exception'>(
    event: E,
    options: { timeout?: number } = {},
  ): Promise<E extends EventName<Listen> ? PayloadOf<Listen, E> : unknown> {
    const ms = options.timeout ?? this.context.timeout;
    // A violation may reject the wait first: the waiter goes then, or it would swallow the next valid message.
    let cancel = (): void => undefined;
    type Payload = E extends EventName<Listen> ? PayloadOf<Listen, E> : unknown;
    return this.context.hub
      .guard(
        () =>
          new Promise<Payload>((resolve, reject) => {
            const queued = this.mailbox.get(event);
            if (queued?.length) return resolve(queued.shift() as never);
            if (this.raw.disconnected && this.raw.id === undefined)
              return reject(new Error(testingMessages.closed(this.namespace, event)));
            const waiters = this.waiters.get(event) ?? new Set<Waiter>();
            this.waiters.set(event, waiters);
            const timer = setTimeout(() => {
              waiters.delete(waiter);
              reject(new Error(testingMessages.waitTimeout(this.namespace, event, ms)));
            }, ms);
            const waiter: Waiter = {
              resolve: (value) => (clearTimeout(timer), resolve(value as never)),
              reject: (error) => (clearTimeout(timer), reject(error)),
            };
            waiters.add(waiter);
            cancel = () => {
              clearTimeout(timer);
              waiters.delete(waiter);
            };
          }),
      )
      .finally(() => cancel());
  }

  /**
   * Calls `listener` with every checked message of `event`, its acknowledgement callback last when the server asks
   * for one (the reply is checked in strict mode).
   */
  on<E extends EventName<Listen>>(event: E, listener: Listen[E]): this {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return this;
  }

  /** Closes the connection; rejects with a violation no awaited call has thrown yet. */
  async close(): Promise<void> {
    this.disconnect();
    this.context.hub.throwPending();
  }

  /** Closes the connection without reporting anything. */
  disconnect(): void {
    this.raw.disconnect();
    this.rejectWaiters();
  }

  private receive(event: string, args: unknown[]): void {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as Listener) : undefined;
    const values = ack ? args.slice(0, -1) : args;
    const message = this.model?.outbound.get(event);
    const valid = message
      ? this.checkServerMessage(event, message, values)
      : event === EXCEPTION_EVENT
        ? this.checkException(values)
        : this.violation(
            'undeclared server event',
            event,
            [],
            values,
            testingMessages.undeclaredServerEvent(this.namespace),
          );
    if (!valid && this.context.hub.mode === 'throw') return;
    const reply = ack && message ? this.checkedReply(event, message, ack) : ack;
    for (const listener of this.listeners.get(event) ?? []) listener(...values, ...(reply ? [reply] : []));
    this.deliver(event, payloadOf(message, values));
  }

  private checkServerMessage(event: string, message: ContractMessage, values: unknown[]): boolean {
    const errors = this.context.contract.payloadViolations(message, values);
    if (errors) return this.violation('server event', event, errors, payloadOf(message, values));
    this.context.coverage.record(this.namespace, 'outbound', event, 'received');
    return true;
  }

  private checkException(values: unknown[]): boolean {
    const body = values[0] as { namespace?: unknown; event?: unknown } | undefined;
    const errors =
      values.length === 1
        ? this.context.contract.clientErrorViolations(body)
        : [{ pointer: '', message: clientMessages.argumentsCount(1, values.length) }];
    if (errors) return this.violation('exception event', EXCEPTION_EVENT, errors, payloadOf(undefined, values));
    if (body?.namespace === this.namespace && typeof body.event === 'string')
      this.context.coverage.record(this.namespace, 'inbound', body.event, 'errors');
    return true;
  }

  private checkedReply(event: string, message: ContractMessage, ack: Listener): Listener {
    if (!this.context.strict || !message.ack) return ack;
    return (...reply: unknown[]) => {
      const value = message.model.ack?.tuple ? reply : reply[0];
      const errors = violationsOf(message.ack!, value);
      ack(...reply);
      if (errors) this.violation('client ack', event, errors, value);
    };
  }

  /** Strict mode: what the client sends must be declared and valid; a violation throws (or is collected). */
  private checkOutgoing(event: string, args: readonly unknown[]): void {
    if (!this.context.strict) return;
    const last = args[args.length - 1];
    const values = typeof last === 'function' ? args.slice(0, -1) : args;
    const message = this.model?.inbound.get(event);
    if (!message) {
      const detail = testingMessages.undeclaredClientEvent(this.namespace);
      this.violation('undeclared client event', event, [], payloadOf(undefined, values), detail, true);
      return;
    }
    const errors = this.context.contract.payloadViolations(message, values);
    if (errors) this.violation('client message', event, errors, payloadOf(message, values), undefined, true);
  }

  private checkAck(event: string, reply: unknown[]): unknown {
    const message = this.model?.inbound.get(event);
    const value = message?.model.ack?.tuple ? reply : reply[0];
    const { coverage, contract, isErrorAck } = this.context;
    if (isErrorAck?.(value, this.namespace, event)) {
      coverage.record(this.namespace, 'inbound', event, 'errors');
      return value;
    }
    if (!message?.ack) return value;
    const errors = violationsOf(message.ack, value);
    if (!errors) {
      coverage.record(this.namespace, 'inbound', event, 'acked');
      return value;
    }
    // The error path answers with the `exception` body; it is counted when the `exception` event arrives.
    if (!contract.clientErrorViolations(value)) return value;
    this.violation('server ack', event, errors, value);
    return value;
  }

  /**
   * Reports a violation; `now` (strict mode, the client's own message) throws it at the call in throw mode.
   * @returns false, so a check can return it
   */
  private violation(
    kind: ContractViolationKind,
    event: string,
    errors: readonly SchemaViolation[],
    value: unknown,
    detail?: string,
    now = false,
  ): false {
    const violation = new ContractViolationError(kind, this.namespace, event, errors, preview(value), detail);
    if (now && this.context.hub.mode === 'throw') {
      this.context.hub.seen.push(violation);
      throw violation;
    }
    this.context.hub.report(violation);
    return false;
  }

  private deliver(event: string, payload: unknown): void {
    const waiter = this.waiters.get(event)?.values().next().value;
    if (waiter) {
      this.waiters.get(event)!.delete(waiter);
      return waiter.resolve(payload);
    }
    const queued = this.mailbox.get(event) ?? [];
    if (queued.length === MAILBOX_LIMIT) queued.shift();
    queued.push(payload);
    this.mailbox.set(event, queued);
  }

  private rejectWaiters(): void {
    for (const [event, waiters] of this.waiters) {
      for (const waiter of waiters) waiter.reject(new Error(testingMessages.closed(this.namespace, event)));
      waiters.clear();
    }
  }
}
