/**
 * Variant `nestjs-asynction-scaleout`: one instance of a scaled-out application, for bench/capacity.ts. It serves the
 * bench document (`order` on `/bench`, validated, acked) on the Redis adapter of a Redis the runner started
 * (`BENCH_REDIS_URL`), plus two outbound namespaces: `/feed`, where the bench's listening clients connect, and
 * `/quiet`, where nobody does (a broadcast there costs only its fixed part). On command it broadcasts validated
 * notices with `AsynctionEmitter.emit` at a steady rate:
 *
 *   { broadcast: '/feed' | '/quiet', rate: number }   start (rate > 0) or stop (rate 0); resolves with the count sent
 *
 * `BENCH_PING_INTERVAL` (ms) sets socket.io's `pingInterval`, to measure the heartbeat's cost in a short window.
 */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { AsynctionEmitter } from '../../lib/index.js';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { NOTICE, notice, noticeMessage } from '../support/notice.js';
import { OrderHandlers, serveBench } from './nestjs-asynction.js';

export const description = 'nestjs-asynction on the Redis adapter of BENCH_REDIS_URL, broadcasting on command';

export const BROADCAST_NAMESPACES = ['/feed', '/quiet'] as const;
export type BroadcastNamespace = (typeof BROADCAST_NAMESPACES)[number];
export interface BroadcastCommand {
  broadcast: BroadcastNamespace;
  rate: number;
}

/** The bench document, parsed, with the outbound `notice` on each broadcast namespace. */
function scaleOutDocument(path: string): object {
  const document = load(readFileSync(path, 'utf8')) as { channels: Record<string, unknown> };
  for (const namespace of BROADCAST_NAMESPACES)
    document.channels[namespace] = { subscribe: { message: structuredClone(noticeMessage) } };
  return document;
}

/**
 * Emits `rate` notices a second on one namespace, each on a timer of its own (as broadcasts caused by independent
 * events would come), catching up when a timer fires late.
 */
class Broadcaster {
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;

  constructor(private readonly emitter: AsynctionEmitter) {}

  run({ broadcast, rate }: BroadcastCommand): number {
    const sent = this.stop();
    if (rate > 0) {
      const t0 = performance.now();
      const tick = () => {
        const now = performance.now();
        while (t0 + (this.sent * 1000) / rate <= now) this.emitter.emit(broadcast, NOTICE, notice(this.sent++));
        this.timer = setTimeout(tick, t0 + (this.sent * 1000) / rate - now);
      };
      tick();
    }
    return sent;
  }

  stop(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    const sent = this.sent;
    this.sent = 0;
    return sent;
  }
}

export async function start(opts: BenchServerOptions): Promise<BenchServerHandle> {
  const url = process.env.BENCH_REDIS_URL;
  if (!url)
    throw new Error(
      'nestjs-asynction-scaleout: BENCH_REDIS_URL is not set; start a redis-server and pass its URL in the environment',
    );
  const pingInterval = Number(process.env.BENCH_PING_INTERVAL) || undefined;
  const handle = await serveBench(OrderHandlers, opts, {
    spec: scaleOutDocument(opts.asyncapiPath),
    redis: { url },
    ...(pingInterval ? { gatewayOptions: { pingInterval } } : {}),
  });
  const broadcaster = new Broadcaster(handle.app.get(AsynctionEmitter));
  return {
    port: handle.port,
    command: (command) => broadcaster.run(command as BroadcastCommand),
    close: () => (broadcaster.stop(), handle.close()),
  };
}
