import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { AsynctionEmitter, AsynctionModule } from '../../lib/index.js';
import { fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import { waitFor } from '../support/wait.js';
import { SlowHandlers } from './slow-handlers.js';

const SPEC = fixture('operations/slow-handlers.yaml');

/** Collects on demand, as a Prometheus scrape would. */
class TestMetricReader extends MetricReader {
  protected onShutdown = async () => undefined;
  protected onForceFlush = async () => undefined;
}

const spans = new InMemorySpanExporter();
const reader = new TestMetricReader();

async function points(name: string): Promise<Array<DataPoint<unknown>>> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .filter((s) => s.scope.name === 'nestjs-asynction')
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === name);
  return metric?.dataPoints ?? [];
}

/** A counter's value per attribute set, as `key=value,...`. */
async function counts(name: string): Promise<Record<string, unknown>> {
  const found = await points(name);
  return Object.fromEntries(
    found.map((p) => [
      Object.entries(p.attributes)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(','),
      p.value,
    ]),
  );
}

describe('telemetry: spans and metrics through @opentelemetry/api (SDK 2.12.1, in-memory exporter)', () => {
  let t: TestApp;
  before(async () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    t = await startApp(rootModule([AsynctionModule.forRoot({ spec: SPEC, telemetry: true })], [SlowHandlers]));
  });
  after(async () => {
    await t.close();
    trace.disable();
    metrics.disable();
  });

  it('records a span per connection, handled message and emit, with the messaging conventions', async () => {
    const socket = await t.connect('/');
    assert.equal(await request(socket, 'echo', 'hello'), 'hello');
    assert.equal((await request<{ status: string }>(socket, 'echo', 42)).status, 'error');
    assert.equal((await request<{ status: string }>(socket, 'echo', 'boom')).status, 'error');
    assert.equal((await request<{ status: string }>(socket, 'nope', 1)).status, 'error');
    const notice = new Promise((resolve) => socket.once('notice', resolve));
    t.app.get(AsynctionEmitter).emit('/', 'notice', 'hi all');
    assert.equal(await notice, 'hi all');

    const finished = spans.getFinishedSpans();
    const named = (name: string) => finished.filter((s) => s.name === name);
    assert.equal(named('connect /').length, 1);
    assert.equal(named('connect /')[0]!.kind, SpanKind.SERVER);
    const processed = named('process / echo');
    assert.equal(processed.length, 3);
    const [ok, invalid, failed] = processed;
    assert.equal(ok!.kind, SpanKind.CONSUMER);
    assert.deepEqual(ok!.attributes, {
      'messaging.system': 'socket.io',
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.destination.name': '/',
      'messaging.socket.io.namespace': '/',
      'messaging.socket.io.event_name': 'echo',
    });
    assert.equal(ok!.status.code, SpanStatusCode.UNSET);
    assert.equal(invalid!.status.code, SpanStatusCode.ERROR);
    assert.equal(invalid!.attributes['error.type'], 'PayloadValidationError');
    assert.equal(failed!.status.code, SpanStatusCode.ERROR);
    assert.equal(failed!.attributes['error.type'], 'Error');
    assert.equal(named('process / (undeclared)')[0]!.attributes['error.type'], 'UndeclaredEventError');
    const sent = named('send / notice');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.kind, SpanKind.PRODUCER);
    assert.equal(sent[0]!.attributes['messaging.operation.type'], 'send');
  });

  it('counts messages received, refused by reason, sent and connections, labelled by bounded values only', async () => {
    assert.deepEqual(await counts('asynction.messages.received'), {
      'namespace=/,event=echo,direction=inbound': 3,
      'namespace=/,event=(undeclared),direction=inbound': 1,
    });
    assert.deepEqual(await counts('asynction.messages.refused'), {
      'namespace=/,event=echo,direction=inbound,reason=validation': 1,
      'namespace=/,event=echo,direction=inbound,reason=handler error': 1,
      'namespace=/,event=(undeclared),direction=inbound,reason=undeclared': 1,
    });
    assert.deepEqual(await counts('asynction.messages.sent'), { 'namespace=/,event=notice,direction=outbound': 1 });
    assert.deepEqual(await counts('asynction.connections'), { 'namespace=/': 1 });
    const durations = await points('asynction.handler.duration');
    assert.equal(durations.length, 1);
    assert.equal((durations[0]!.value as Histogram).count, 2, 'the two calls of the handler, not the refused one');
  });

  it('ends a slow handler span when its ack is sent, not when the handler was called', async () => {
    const socket = await t.connect('/');
    const handlers = t.app.get(SlowHandlers);
    const ack = request(socket, 'slow', 'later');
    await waitFor('the handler running', () => handlers.pending.has('later'));
    assert.equal(spans.getFinishedSpans().filter((s) => s.name === 'process / slow').length, 0);
    handlers.pending.get('later')!.resolve('done');
    assert.equal(await ack, 'done');
    await waitFor('the span ended', () => spans.getFinishedSpans().some((s) => s.name === 'process / slow'));
  });

  it('records nothing for an application without the telemetry option, even with an SDK registered', async () => {
    const quiet = await startApp(rootModule([AsynctionModule.forRoot(SPEC)], [SlowHandlers]));
    try {
      const before = spans.getFinishedSpans().length;
      const received = await counts('asynction.messages.received');
      assert.equal(await request(await quiet.connect('/'), 'echo', 'unseen'), 'unseen');
      assert.equal(spans.getFinishedSpans().length, before);
      assert.deepEqual(await counts('asynction.messages.received'), received);
    } finally {
      await quiet.close();
    }
  });
});
