import type { Provider } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { ASYNCTION_EMIT_TRANSPORT } from '../asynction.constants.js';
import type { AsynctionRedisOptions, ResolvedAsynctionOptions } from '../interfaces/asynction-options.interface.js';
import { EmitOnlyInitializer } from './emit-only.initializer.js';
import { AsynctionRedisIoAdapter } from './redis-io.adapter.js';
import { AsynctionRedisBroker, registerBroker } from './redis.broker.js';
import type { ResolvedRedisOptions } from './redis.options.js';

function resolveRedisOptions(options: AsynctionRedisOptions): ResolvedRedisOptions {
  return {
    url: 'redis://localhost:6379',
    mode: 'pubsub',
    nodes: [],
    clientOptions: {},
    connectTimeout: 5000,
    key: 'socket.io',
    requestsTimeout: 5000,
    ...options,
  };
}

/**
 * The providers of the scale-out: with `redis`, the broker, connected before Nest wires the gateways, and the
 * WebSocket adapter that puts every socket.io server on it; with `emitOnly`, the emitter's way out through Redis and
 * the check that stands in for the explorer.
 * @param deferred `forRootAsync`: the `redis` option its factory returns; the broker is then `null` without one
 */
export function scaleOutProviders(
  options: ResolvedAsynctionOptions,
  /**
   * False when `forRoot` already knows the application cannot start: connecting would delay or hide the report
   * (a function for `forRootAsync`, whose factory's problems are known only once it ran).
   */
  connect: boolean | (() => boolean) = true,
  deferred?: () => Promise<AsynctionRedisOptions | undefined>,
): { providers: Provider[]; exports: Provider[] } {
  const emitOnly = options.emitOnly === true;
  const providers: Provider[] = emitOnly ? [EmitOnlyInitializer] : [];
  if (!options.redis && !deferred) return { providers, exports: [] };
  const redisOptions = deferred ?? (() => Promise.resolve(options.redis));
  providers.push({
    provide: AsynctionRedisBroker,
    useFactory: async (config: ApplicationConfig, httpAdapterHost: HttpAdapterHost) => {
      const given = await redisOptions();
      if (!given) return null;
      const broker = new AsynctionRedisBroker(resolveRedisOptions(given), emitOnly, config);
      registerBroker(httpAdapterHost, broker);
      if (!(typeof connect === 'function' ? connect() : connect)) return broker;
      await broker.start();
      if (!emitOnly) config.setIoAdapter(new AsynctionRedisIoAdapter(undefined, { broker, httpAdapterHost }));
      return broker;
    },
    inject: [ApplicationConfig, HttpAdapterHost],
  });
  if (emitOnly) {
    providers.push({
      provide: ASYNCTION_EMIT_TRANSPORT,
      useFactory: (broker: AsynctionRedisBroker | null) => broker?.transport() ?? null,
      inject: [AsynctionRedisBroker],
    });
  }
  return { providers, exports: [AsynctionRedisBroker] };
}
