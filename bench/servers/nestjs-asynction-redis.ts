/**
 * Variant `nestjs-asynction-redis`: `nestjs-asynction` on the Redis adapter (a `redis-server` of its own on a free
 * port), with request/ack traffic that stays on the one instance. The difference from `nestjs-asynction` is what
 * having the adapter attached costs the message path (issue 17: at most 1.05x).
 */
import { Module } from '@nestjs/common';
import { AsynctionModule } from '../../lib/index.js';
import { TestRedis } from '../../test/support/redis.js';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { listenNest } from '../support/nest-app.js';
import { OrderHandlers } from './nestjs-asynction.js';

export const description = 'nestjs-asynction on the Redis adapter (one instance, its own redis-server)';

export async function start(opts: BenchServerOptions): Promise<BenchServerHandle> {
  const redis = await TestRedis.start();
  @Module({
    imports: [AsynctionModule.forRoot({ spec: opts.asyncapiPath, redis: { url: redis.url } })],
    providers: [OrderHandlers],
  })
  class RedisBenchModule {}
  const handle = await listenNest(RedisBenchModule, opts);
  return {
    port: handle.port,
    close: async () => {
      await handle.close();
      await redis.kill();
    },
  };
}
