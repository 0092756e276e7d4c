/**
 * How startup grows with the document: `app.init()` time and heap for generated documents of 10, 100, 1,000 and
 * 5,000 channels, in two shapes: every channel an event of one namespace (`orders/event_i` + x-namespaces), and
 * every channel its own namespace (`/ns_i`, one generated gateway each). Each point runs in a fresh child process.
 *
 *   npx tsc -p tsconfig.json && node build/bench/startup.js [--sizes 10,100,1000,5000] [--reps 3]
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AsyncOperation, AsynctionModule } from '../lib/index.js';
import { BareHttpAdapter } from './support/bare-http-adapter.js';

type Shape = 'events' | 'namespaces';

function generate(size: number, shape: Shape): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const payload = {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', maxLength: 32 },
      tags: { type: 'array', items: { type: 'string' } },
    },
  };
  for (let i = 0; i < size; i++) {
    const publish = {
      operationId: `op_${i}`,
      message: { name: `event_${i}`, payload, 'x-ack': { args: { type: 'boolean' } } },
    };
    if (shape === 'events') channels[`orders/event_${i}`] = { publish };
    else channels[`/ns_${i}`] = { publish };
  }
  return {
    asyncapi: '2.6.0',
    info: { title: `startup ${size}`, version: '1.0.0' },
    ...(shape === 'events' ? { 'x-namespaces': { '/orders': {} } } : {}),
    channels,
  };
}

function handlerClass(size: number): Function {
  @Injectable()
  class Handlers {}
  for (let i = 0; i < size; i++) {
    const method = function (this: unknown) {
      return true;
    };
    Object.defineProperty(Handlers.prototype, `op_${i}`, { value: method, writable: true, configurable: true });
    AsyncOperation(`op_${i}`)(
      Handlers.prototype,
      `op_${i}`,
      Object.getOwnPropertyDescriptor(Handlers.prototype, `op_${i}`)!,
    );
  }
  return Handlers;
}

async function measureOnce(size: number, shape: Shape): Promise<{ forRootMs: number; initMs: number; heapMb: number }> {
  const spec = generate(size, shape);
  const t0 = performance.now();
  const asynction = AsynctionModule.forRoot({ spec });
  const t1 = performance.now();
  @Module({ imports: [asynction], providers: [handlerClass(size) as never] })
  class StartupModule {}
  const app = await NestFactory.create(StartupModule, new BareHttpAdapter(), { logger: false, abortOnError: false });
  const t2 = performance.now();
  await app.init();
  const t3 = performance.now();
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  await app.close();
  return { forRootMs: t1 - t0, initMs: t3 - t2, heapMb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const result = await measureOnce(Number(args[1]), args[2] as Shape);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const flag = (name: string, dflt: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const sizes = flag('--sizes', '10,100,1000,5000').split(',').map(Number);
  const reps = Number(flag('--reps', '3'));
  const self = fileURLToPath(import.meta.url);
  console.log(`startup cost, median of ${reps} fresh processes per point (node ${process.version})`);
  console.log(
    'shape        channels   forRoot ms   app.init ms   heap MB   growth of (forRoot + init) vs previous point',
  );
  for (const shape of ['events', 'namespaces'] as Shape[]) {
    let previous: { size: number; total: number } | undefined;
    for (const size of sizes) {
      const runs = Array.from(
        { length: reps },
        () =>
          JSON.parse(
            execFileSync(process.execPath, ['--expose-gc', self, '--child', String(size), shape], {
              encoding: 'utf8',
              maxBuffer: 2 ** 24,
            }),
          ) as {
            forRootMs: number;
            initMs: number;
            heapMb: number;
          },
      );
      const forRoot = median(runs.map((r) => r.forRootMs));
      const init = median(runs.map((r) => r.initMs));
      const heap = median(runs.map((r) => r.heapMb));
      const total = forRoot + init;
      const growth = previous
        ? `x${(total / previous.total).toFixed(2)} for x${(size / previous.size).toFixed(0)} channels`
        : '-';
      console.log(
        `${shape.padEnd(12)} ${String(size).padStart(8)} ${forRoot.toFixed(1).padStart(12)} ${init.toFixed(1).padStart(13)} ${heap.toFixed(1).padStart(9)}   ${growth}`,
      );
      previous = { size, total };
    }
  }
}

await main();
