/**
 * Variant `nestjs-asynction-telemetry-sdk`: the library with the `telemetry` option and the OpenTelemetry SDK
 * (2.12.1) registered: every span goes through a SimpleSpanProcessor into an in-memory exporter (emptied every second
 * so memory stays flat), every metric into a MeterProvider's aggregation. What recording everything costs.
 */
import { metrics, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { BenchServerOptions } from '../contract.js';
import { start as startTelemetry } from './nestjs-asynction-telemetry.js';

export const description = 'nestjs-asynction with telemetry on, OpenTelemetry SDK with in-memory exporters';

class HeldMetricReader extends MetricReader {
  protected onShutdown = async () => undefined;
  protected onForceFlush = async () => undefined;
}

export async function start(opts: BenchServerOptions) {
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new HeldMetricReader()] }));
  setInterval(() => exporter.reset(), 1000).unref();
  return startTelemetry(opts);
}
