import type * as otel from '@opentelemetry/api';
import type { MessageObserver, ObservedOperation } from '../interfaces/message-observer.interface.js';
import { refusalReason } from './refusal-reason.js';

/** The `@opentelemetry/api` module, loaded lazily (an optional peer dependency). */
export type OpenTelemetryApi = typeof otel;

const SCOPE = 'nestjs-asynction';

/**
 * Spans and metrics over `@opentelemetry/api`, named by the messaging semantic conventions (`messaging.system` =
 * `socket.io`, plus `messaging.socket.io.namespace` and `.event_name` as the contrib socket.io instrumentation names
 * them). Without an SDK the API is a no-op. Metric labels are only namespace, event, direction and reason: never
 * socket ids, rooms or users.
 */
export class OpenTelemetryObserver implements MessageObserver {
  private readonly tracer: otel.Tracer;
  private readonly receivedMessages: otel.Counter;
  private readonly refusedMessages: otel.Counter;
  private readonly sentMessages: otel.Counter;
  private readonly handlerDuration: otel.Histogram;
  private readonly connections: otel.Counter;
  private readonly refusedConnections: otel.Counter;

  constructor(private readonly api: OpenTelemetryApi) {
    this.tracer = api.trace.getTracer(SCOPE);
    const meter = api.metrics.getMeter(SCOPE);
    this.receivedMessages = meter.createCounter('asynction.messages.received', {
      description: 'Messages received from clients, valid or not',
      unit: '{message}',
    });
    this.refusedMessages = meter.createCounter('asynction.messages.refused', {
      description:
        'Messages refused or failed, by reason (validation, security, rate limit, undeclared, handler error)',
      unit: '{message}',
    });
    this.sentMessages = meter.createCounter('asynction.messages.sent', {
      description: 'Messages the application sent through AsynctionEmitter',
      unit: '{message}',
    });
    this.handlerDuration = meter.createHistogram('asynction.handler.duration', {
      description: 'How long handlers take, up to the acknowledgement',
      unit: 's',
    });
    this.connections = meter.createCounter('asynction.connections', {
      description: 'Connections admitted to a namespace',
      unit: '{connection}',
    });
    this.refusedConnections = meter.createCounter('asynction.connections.refused', {
      description: 'Connections refused, by reason',
      unit: '{connection}',
    });
  }

  received(namespace: string, event: string): ObservedOperation {
    const labels = { namespace, event, direction: 'inbound' };
    this.receivedMessages.add(1, labels);
    const span = this.start(`process ${namespace} ${event}`, this.api.SpanKind.CONSUMER, 'process', namespace, event);
    let started = 0;
    return {
      handle: <T>(invoke: () => T): T => {
        started = performance.now();
        return this.api.context.with(this.api.trace.setSpan(this.api.context.active(), span), invoke);
      },
      end: (error?: unknown) => {
        if (started > 0) this.handlerDuration.record((performance.now() - started) / 1000, labels);
        if (error !== undefined) this.refusedMessages.add(1, { ...labels, reason: refusalReason(error) });
        this.finish(span, error);
      },
    };
  }

  sent(namespace: string, event: string): ObservedOperation {
    const span = this.start(`send ${namespace} ${event}`, this.api.SpanKind.PRODUCER, 'send', namespace, event);
    return {
      end: (error?: unknown) => {
        if (error === undefined) this.sentMessages.add(1, { namespace, event, direction: 'outbound' });
        this.finish(span, error);
      },
    };
  }

  connecting(namespace: string): ObservedOperation {
    const span = this.start(`connect ${namespace}`, this.api.SpanKind.SERVER, 'connect', namespace);
    return {
      end: (error?: unknown) => {
        if (error === undefined) this.connections.add(1, { namespace });
        else this.refusedConnections.add(1, { namespace, reason: refusalReason(error) });
        this.finish(span, error);
      },
    };
  }

  private start(name: string, kind: otel.SpanKind, operation: string, namespace: string, event?: string): otel.Span {
    const attributes: otel.Attributes = {
      'messaging.system': 'socket.io',
      'messaging.operation.name': operation,
      'messaging.destination.name': namespace,
      'messaging.socket.io.namespace': namespace,
    };
    if (operation !== 'connect') attributes['messaging.operation.type'] = operation;
    if (event !== undefined) attributes['messaging.socket.io.event_name'] = event;
    return this.tracer.startSpan(name, { kind, attributes });
  }

  private finish(span: otel.Span, error: unknown): void {
    if (error !== undefined) {
      const type = error instanceof Error ? error.name : typeof error;
      span.setAttribute('error.type', type);
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : type });
    }
    span.end();
  }
}
