import { type OnModuleInit } from '@nestjs/common';
import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';
import type { MessageObserver } from '../interfaces/message-observer.interface.js';
import { OpenTelemetryObserver, type OpenTelemetryApi } from './otel.observer.js';

/**
 * The `telemetry` option: with it, `@opentelemetry/api` is loaded when the application starts and every message,
 * emit and connection attempt is observed; without it nothing is loaded and the message path pays nothing. A missing
 * package makes `app.init()` reject naming it (never a crash while Nest builds providers).
 */
export class AsynctionTelemetry implements OnModuleInit {
  private constructor(
    readonly observer: MessageObserver | undefined,
    private readonly failure?: Error,
  ) {}

  static async load(enabled: boolean): Promise<AsynctionTelemetry> {
    if (!enabled) return new AsynctionTelemetry(undefined);
    try {
      const api = (await import('@opentelemetry/api')) as OpenTelemetryApi;
      return new AsynctionTelemetry(new OpenTelemetryObserver(api));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return new AsynctionTelemetry(undefined, new AsynctionError(logMessages.telemetryPackageMissing(reason)));
    }
  }

  onModuleInit(): void {
    if (this.failure) throw this.failure;
  }
}
