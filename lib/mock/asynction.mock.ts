import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';
import type { AsynctionMockOptions } from '../interfaces/asynction-options.interface.js';
import type { BoundHandler } from '../interfaces/bound-handler.interface.js';
import type { MessageModel, NamespaceModel, SecuritySchemeModel } from '../interfaces/asyncapi-model.interface.js';
import { SchemaCompiler } from '../document/schema.compiler.js';
import type { AsynctionRuntime } from '../gateway/asynction.runtime.js';
import { loadMockPackages } from './mock.loader.js';
import { PayloadSource, seedOf, type SourceContext } from './payload.source.js';

/** One line of what the mock does: an event of a namespace, a lifecycle handler or a security verifier. */
export interface MockedEvent {
  namespace: string;
  /** The event name; `(connect)`, `(disconnect)`, `(error)` for lifecycle handlers; the scheme for verifiers. */
  event: string;
  direction: 'receives' | 'sends' | 'lifecycle' | 'security';
  /** What the mock does with it, in words. */
  what: string;
  /** False when the mock could not make a valid payload or ack: it never sends one. */
  mockable: boolean;
}

/** What the mock stands in for, as startup logs it and `asynction mock` prints it. */
export interface MockReport {
  seed: number;
  events: MockedEvent[];
}

interface Outbound {
  message: MessageModel;
  source: PayloadSource;
  interval: number;
}

type Options = Required<AsynctionMockOptions>;

const logger = new Logger('AsynctionMock');

/**
 * Stands in for what no `@AsyncOperation` method implements (`forRoot({ mock })`, `asynction mock`): acks generated
 * from the ack schema for inbound events (the payload is validated first, as always), outbound messages sent to each
 * client at once and then every interval, verifiers that accept well-formed credentials. Inert without the option.
 */
export class AsynctionMock implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly acks = new Map<string, PayloadSource>();
  private readonly outbound = new Map<string, Outbound[]>();
  private readonly counters = new WeakMap<object, Map<string, number>>();
  private readonly timers = new Map<Socket, NodeJS.Timeout[]>();
  private readonly unsent = new Set<string>();
  private events: MockedEvent[] = [];

  constructor(
    private readonly runtime: AsynctionRuntime,
    readonly options: Options | undefined,
  ) {}

  /**
   * Builds the stand-ins for the ids no method handles, and the outbound sources; called by the explorer once the
   * code was checked against the documents.
   * @returns the handlers to register under those ids
   */
  async prepare(missing: ReadonlySet<string>): Promise<BoundHandler[]> {
    const options = this.options!;
    const context: SourceContext = {
      packages: await loadMockPackages(),
      compiler: new SchemaCompiler(),
      attempts: options.attempts,
    };
    const handlers: BoundHandler[] = [];
    const mockedIds = new Set<string>();
    for (const { model: ns } of this.runtime.dispatchers.values()) {
      for (const message of ns.inbound.values()) {
        if (!message.handler || !missing.has(message.handler.id)) continue;
        mockedIds.add(message.handler.id);
        const source = new PayloadSource(
          message.ack,
          [],
          seedOf(options.seed, `ack ${ns.name} ${message.event}`),
          context,
        );
        this.acks.set(key(ns.name, message.event), source);
        this.report(ns.name, message.event, 'receives', source, ackText(source));
      }
      this.lifecycle(ns, missing);
      if (options.outbound) this.prepareOutbound(ns, context);
    }
    for (const id of mockedIds) handlers.push({ id, label: 'AsynctionMock', invoke: (...args) => this.ack(...args) });
    handlers.push(...this.verifiers(missing));
    return handlers;
  }

  /** What the mock stands in for; empty before `prepare`. */
  get summary(): MockReport {
    return { seed: this.options?.seed ?? 0, events: this.events };
  }

  onApplicationBootstrap(): void {
    for (const [name, entries] of this.outbound) {
      this.runtime.server(name)?.on('connection', (socket: Socket) => this.start(socket, entries));
    }
    if (this.options && this.events.length > 0) {
      logger.log(logMessages.mockStarted(this.options.seed, this.events.length));
      for (const line of mockReportLines(this.summary)) logger.log(line);
    }
  }

  onApplicationShutdown(): void {
    for (const timers of this.timers.values()) timers.forEach(clearInterval);
    this.timers.clear();
  }

  private prepareOutbound(ns: NamespaceModel, context: SourceContext): void {
    const options = this.options!;
    const entries: Outbound[] = [];
    for (const message of ns.outbound.values()) {
      if (message.mock?.disabled) {
        this.events.push({
          ...at(ns, message),
          direction: 'sends',
          what: 'not sent (x-mock.disabled)',
          mockable: true,
        });
        continue;
      }
      const seed = seedOf(options.seed, `send ${ns.name} ${message.event}`);
      const source = new PayloadSource(message.payload, message.examples ?? [], seed, context);
      const interval = message.mock?.interval ?? options.interval;
      this.report(ns.name, message.event, 'sends', source, `every ${interval} s to each client, ${originText(source)}`);
      if (source.mockable) entries.push({ message, source, interval });
    }
    if (entries.length > 0) this.outbound.set(ns.name, entries);
  }

  private lifecycle(ns: NamespaceModel, missing: ReadonlySet<string>): void {
    for (const kind of ['connect', 'disconnect', 'error'] as const) {
      const ref = ns[kind];
      if (!ref || !missing.has(ref.id)) continue;
      const what = kind === 'error' ? 'errors go to the "exception" event' : 'nothing (no handler yet)';
      this.events.push({ namespace: ns.name, event: `(${kind})`, direction: 'lifecycle', what, mockable: true });
    }
  }

  /** Verifying methods that accept any credential the scheme's extractor found well formed, with every scope. */
  private verifiers(missing: ReadonlySet<string>): BoundHandler[] {
    const schemes = new Map<string, SecuritySchemeModel>();
    const scopeIds = new Set<string>();
    for (const { model: ns } of this.runtime.dispatchers.values()) {
      for (const holder of [ns, ...ns.inbound.values()]) {
        for (const requirement of holder.security ?? []) {
          for (const { scheme } of requirement.schemes) {
            if (scheme.verifier && missing.has(scheme.verifier.id) && !schemes.has(scheme.verifier.id)) {
              schemes.set(scheme.verifier.id, scheme);
              this.events.push({
                namespace: ns.name,
                event: scheme.name,
                direction: 'security',
                what: `any well-formed ${scheme.type}${scheme.httpScheme ? ` ${scheme.httpScheme}` : ''} credential`,
                mockable: true,
              });
            }
            if (scheme.scopeValidator && missing.has(scheme.scopeValidator.id)) scopeIds.add(scheme.scopeValidator.id);
          }
        }
      }
    }
    const handlers: BoundHandler[] = [...schemes].map(([id, scheme]) => ({
      id,
      label: 'AsynctionMock',
      invoke: () => ({ mock: true, scheme: scheme.name, scopes: [...(scheme.availableScopes ?? [])] }),
    }));
    for (const id of scopeIds) handlers.push({ id, label: 'AsynctionMock', invoke: () => true });
    return handlers;
  }

  private report(
    namespace: string,
    event: string,
    direction: 'receives' | 'sends',
    source: PayloadSource,
    what: string,
  ): void {
    const skipped = source.skipped.length > 0 ? ` (${source.skipped.join('; ')})` : '';
    const text = source.mockable ? `${what}${skipped}` : logMessages.mockNotMockable(direction === 'receives');
    this.events.push({ namespace, event, direction, what: text, mockable: source.mockable });
  }

  /** The stand-in handler of an inbound event: the next ack value of this socket. */
  private ack(_payload: unknown, socket: unknown, event?: string): unknown {
    const namespace = (socket as Socket).nsp.name;
    const source = this.acks.get(key(namespace, event ?? ''));
    if (!source?.schema) return undefined;
    const value = source.mockable ? source.at(this.next(socket as object, event ?? '')) : undefined;
    if (!value) throw new AsynctionError(logMessages.mockAckUnavailable(namespace, event ?? ''));
    return value.value;
  }

  private next(socket: object, what: string): number {
    let counters = this.counters.get(socket);
    if (!counters) this.counters.set(socket, (counters = new Map()));
    const n = counters.get(what) ?? 0;
    counters.set(what, n + 1);
    return n;
  }

  /** One of each message at once, then one every interval, until the client leaves. */
  private start(socket: Socket, entries: readonly Outbound[]): void {
    const timers = entries.map((entry) => {
      const send = () => this.send(socket, entry);
      send();
      return setInterval(send, entry.interval * 1000).unref();
    });
    this.timers.set(socket, timers);
    socket.once('disconnect', () => {
      timers.forEach(clearInterval);
      this.timers.delete(socket);
    });
  }

  private send(socket: Socket, { message, source }: Outbound): void {
    const next = source.at(this.next(socket, `send ${message.event}`));
    if (!next) {
      const id = key(message.namespace, message.event);
      if (!this.unsent.has(id)) logger.warn(logMessages.mockGenerationFailed(message.namespace, message.event));
      this.unsent.add(id);
      return;
    }
    const args = message.payload?.tuple && Array.isArray(next.value) ? next.value : [next.value];
    if (next.value === undefined && !message.payload) socket.emit(message.event);
    else socket.emit(message.event, ...args);
  }
}

function key(namespace: string, event: string): string {
  return `${namespace}\u0000${event}`;
}

function at(ns: NamespaceModel, message: MessageModel): { namespace: string; event: string } {
  return { namespace: ns.name, event: message.event };
}

function originText(source: PayloadSource): string {
  if (source.origin === 'message examples') return "from the message's examples";
  if (source.origin === 'schema examples') return "from the schema's examples/default/const";
  if (source.origin === 'no payload') return 'without payload (the message declares none)';
  return 'generated from the payload schema';
}

function ackText(source: PayloadSource): string {
  if (!source.schema) return 'validates the payload; acks without arguments (no ack schema)';
  return `validates the payload; acks ${originText(source).replace('payload schema', 'ack schema')}`;
}

/** The report as lines, namespace by namespace: what `forRoot({ mock })` logs and `asynction mock` prints. */
export function mockReportLines(report: MockReport): string[] {
  const lines: string[] = [];
  const namespaces = [...new Set(report.events.map((e) => e.namespace))];
  const width = Math.max(0, ...report.events.map((e) => e.direction.length + e.event.length + 3));
  for (const namespace of namespaces) {
    lines.push(`namespace ${namespace}`);
    for (const e of report.events.filter((x) => x.namespace === namespace)) {
      const label = `${e.direction} "${e.event}"`;
      lines.push(`  ${e.mockable ? ' ' : '✗'} ${label.padEnd(width)}  ${e.what}`);
    }
  }
  return lines;
}
