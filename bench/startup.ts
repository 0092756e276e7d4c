/**
 * How startup grows with the document: `app.init()` time and heap for generated documents of 10, 100, 1,000 and
 * 5,000 channels, in two shapes: every channel an event of one namespace (`orders/event_i` + x-namespaces), and
 * every channel its own namespace (`/ns_i`, one generated gateway each). Each point runs in a fresh child process.
 *
 *   npx tsc -p tsconfig.json && node build/bench/startup.js [--sizes 10,100,1000,5000] [--reps 3]
 *     [--shapes events,namespaces] [--baseline <another build>/bench/startup.js]
 *
 * Times are wall clock and process CPU (user + system, what a loaded machine distorts least). With `--baseline`, every
 * point also runs that build of this file (e.g. main's, built in another checkout), interleaved run by run, and prints
 * `ratio startup.<shape>.<size>=<this build's CPU / the baseline's>`, median [min-max] of the paired runs.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
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

interface Point {
  forRootMs: number;
  initMs: number;
  /** Process CPU (user + system) of forRoot + NestFactory.create + app.init(), ms, and of each. */
  cpuMs: number;
  forRootCpuMs: number;
  createCpuMs: number;
  initCpuMs: number;
  heapMb: number;
}

async function measureOnce(size: number, shape: Shape): Promise<Point> {
  const spec = generate(size, shape);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const asynction = AsynctionModule.forRoot({ spec });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  @Module({ imports: [asynction], providers: [handlerClass(size) as never] })
  class StartupModule {}
  const app = await NestFactory.create(StartupModule, new BareHttpAdapter(), { logger: false, abortOnError: false });
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  await app.init();
  const t3 = performance.now();
  const c3 = process.cpuUsage();
  const ms = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  await app.close();
  return {
    forRootMs: t1 - t0,
    initMs: t3 - t2,
    cpuMs: ms(c0, c3),
    forRootCpuMs: ms(c0, c1),
    createCpuMs: ms(c1, c2),
    initCpuMs: ms(c2, c3),
    heapMb,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function runChild(script: string, size: number, shape: Shape): Point {
  const out = execFileSync(process.execPath, ['--expose-gc', script, '--child', String(size), shape], {
    encoding: 'utf8',
    maxBuffer: 2 ** 24,
  });
  return JSON.parse(out) as Point;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const result = await measureOnce(Number(args[1]), args[2] as Shape);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const flag = (name: string, dflt: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1]! : dflt;
  };
  const sizes = flag('--sizes', '10,100,1000,5000').split(',').map(Number);
  const shapes = flag('--shapes', 'events,namespaces').split(',') as Shape[];
  const reps = Number(flag('--reps', '3'));
  const baseline = flag('--baseline', '');
  const self = fileURLToPath(import.meta.url);
  console.log(
    `startup cost, median of ${reps} fresh processes per point (node ${process.version}, load average ` +
      `${loadavg()[0]!.toFixed(1)})${baseline ? `, against ${baseline}` : ''}`,
  );
  console.log(
    'shape        channels   forRoot ms   app.init ms   CPU ms   heap MB   growth (forRoot + init) from the last',
  );
  const ratios: string[] = [];
  for (const shape of shapes) {
    let previous: { size: number; total: number } | undefined;
    for (const size of sizes) {
      const runs: Point[] = [];
      const before: Point[] = [];
      for (let rep = 0; rep < reps; rep++) {
        // Alternate which build goes first, so neither always meets the same neighbours.
        if (baseline && rep % 2 === 1) before.push(runChild(baseline, size, shape));
        runs.push(runChild(self, size, shape));
        if (baseline && rep % 2 === 0) before.push(runChild(baseline, size, shape));
      }
      const forRoot = median(runs.map((r) => r.forRootMs));
      const init = median(runs.map((r) => r.initMs));
      const cpu = median(runs.map((r) => r.cpuMs));
      const heap = median(runs.map((r) => r.heapMb));
      const total = forRoot + init;
      const growth = previous
        ? `x${(total / previous.total).toFixed(2)} for x${(size / previous.size).toFixed(0)} channels`
        : '-';
      console.log(
        `${shape.padEnd(12)} ${String(size).padStart(8)} ${forRoot.toFixed(1).padStart(12)} ` +
          `${init.toFixed(1).padStart(13)} ${cpu.toFixed(0).padStart(8)} ${heap.toFixed(1).padStart(9)}   ${growth}`,
      );
      if (baseline) {
        const b = (k: keyof Point) => median(before.map((r) => r[k])).toFixed(k === 'heapMb' ? 1 : 0);
        const paired = runs.map((r, i) => r.cpuMs / before[i]!.cpuMs).sort((x, y) => x - y);
        console.log(
          `${'  baseline'.padEnd(21)} ${b('forRootMs').padStart(12)} ${b('initMs').padStart(13)} ` +
            `${b('cpuMs').padStart(8)} ${b('heapMb').padStart(9)}`,
        );
        ratios.push(
          `ratio startup.${shape}.${size}=${median(paired).toFixed(3)} ` +
            `[${paired[0]!.toFixed(3)}-${paired[paired.length - 1]!.toFixed(3)}]`,
        );
      }
      previous = { size, total };
    }
  }
  for (const line of ratios) console.log(line);
}

await main();
