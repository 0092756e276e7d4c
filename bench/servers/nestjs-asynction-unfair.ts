/**
 * Variant `nestjs-asynction-unfair`: the library with `limits.fairShare: 0`. With 0 nothing of the fair-share
 * machinery is installed (engine.io hands its messages straight to socket.io, as before the option existed), so
 * `nestjs-asynction ÷ nestjs-asynction-unfair` is the price of the fair share on the ordinary message path, and the
 * flood bench (bench/flood.ts) shows what it buys.
 */
import type { BenchServerOptions } from '../contract.js';
import { OrderHandlers, serveBench } from './nestjs-asynction.js';

export const description = 'nestjs-asynction without the fair share (limits.fairShare: 0)';

export const start = (opts: BenchServerOptions) => serveBench(OrderHandlers, opts, { limits: { fairShare: 0 } });
