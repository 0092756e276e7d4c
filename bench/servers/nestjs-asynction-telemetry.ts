/**
 * Variant `nestjs-asynction-telemetry`: the library with the `telemetry` option and no OpenTelemetry SDK registered,
 * so `@opentelemetry/api` hands out no-op tracers and meters. The difference from `nestjs-asynction` is what turning
 * the option on costs where nothing collects.
 */
import { Module } from '@nestjs/common';
import { AsynctionModule } from '../../lib/index.js';
import type { BenchServerOptions } from '../contract.js';
import { listenNest } from '../support/nest-app.js';
import { OrderHandlers } from './nestjs-asynction.js';

export const description = 'nestjs-asynction with telemetry on and no OpenTelemetry SDK (no-op API)';

export async function start(opts: BenchServerOptions) {
  @Module({
    imports: [AsynctionModule.forRoot({ spec: opts.asyncapiPath, telemetry: true })],
    providers: [OrderHandlers],
  })
  class TelemetryBenchModule {}
  return listenNest(TelemetryBenchModule, opts);
}
