/**
 * What the contract-test client costs a test suite: sequential round trips (emit with ack, the server also sending
 * a message back) through a bare socket.io-client socket and through `nestjs-asynction/testing`'s TestSocket, which
 * checks the ack and the message against the document. Both run side by side in alternating batches against one app
 * in this process, and the report gives the paired ratio (test client / bare) per repetition.
 *
 *   npx tsc -p tsconfig.json && node build/bench/testing-client.js [--reps 5] [--trips 2000]
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Socket } from 'socket.io';
import { io } from 'socket.io-client';
import { AsyncOperation, AsynctionEmitter, AsynctionModule } from '../lib/index.js';
import { appUrl, createTestClient } from '../lib/testing/index.js';
import { Flags, fmt } from './support/cli.js';
import { spread } from './support/stats.js';

const document = {
  asyncapi: '2.6.0',
  info: { title: 'testing-client bench', version: '1.0.0' },
  channels: {
    '/': {
      publish: {
        message: {
          name: 'order',
          'x-handler': 'bench.order',
          payload: {
            type: 'object',
            required: ['sku', 'quantity'],
            properties: { sku: { type: 'string', maxLength: 32 }, quantity: { type: 'integer', minimum: 1 } },
          },
          'x-ack': { args: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
        },
      },
      subscribe: {
        message: {
          name: 'placed',
          payload: {
            type: 'object',
            required: ['id', 'sku'],
            properties: { id: { type: 'integer' }, sku: { type: 'string' } },
          },
        },
      },
    },
  },
};

@Injectable()
class BenchHandlers {
  private id = 0;
  constructor(private readonly emitter: AsynctionEmitter) {}

  @AsyncOperation('bench.order')
  order(payload: { sku: string }, socket: Socket) {
    const id = ++this.id;
    this.emitter.emitToSocket(socket, 'placed', { id, sku: payload.sku });
    return { id };
  }
}

@Module({ imports: [AsynctionModule.forRoot({ spec: document })], providers: [BenchHandlers] })
class BenchModule {}

const flags = new Flags(process.argv.slice(2), ['reps', 'trips']);
const reps = flags.num('reps', 5);
const trips = flags.num('trips', 2000);

const app = await NestFactory.create(BenchModule, { logger: false });
await app.listen(0, '127.0.0.1');
const url = appUrl(app);
const bare = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
await new Promise<void>((resolve) => bare.once('connect', () => resolve()));
const client = createTestClient({ document, url });
const checked = await client.connect();
const order = { sku: 'SKU-1', quantity: 2 };

async function bareBatch(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < trips; i++) {
    const placed = new Promise((resolve) => bare.once('placed', resolve));
    await bare.emitWithAck('order', order);
    await placed;
  }
  return performance.now() - start;
}

async function checkedBatch(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < trips; i++) {
    await checked.emitWithAck('order', order);
    await checked.waitFor('placed');
  }
  return performance.now() - start;
}

await bareBatch();
await checkedBatch();
const ratios: number[] = [];
const bareUs: number[] = [];
const checkedUs: number[] = [];
for (let rep = 0; rep < reps; rep++) {
  // Alternate which goes first, so that neither always meets the warmer machine.
  let b: number;
  let c: number;
  if (rep % 2 === 0) {
    b = await bareBatch();
    c = await checkedBatch();
  } else {
    c = await checkedBatch();
    b = await bareBatch();
  }
  bareUs.push((b * 1000) / trips);
  checkedUs.push((c * 1000) / trips);
  ratios.push(c / b);
}
const show = (values: number[], digits: number) => {
  const s = spread(values);
  return `${fmt(s.median, digits)} [${fmt(s.min, digits)}-${fmt(s.max, digits)}]`;
};
console.log(`round trips per batch: ${trips}, repetitions: ${reps} (median [min-max])`);
console.log(`bare socket.io-client:  ${show(bareUs, 1)} us per round trip`);
console.log(`TestSocket (checked):   ${show(checkedUs, 1)} us per round trip`);
console.log(`paired ratio checked / bare: ${show(ratios, 3)}`);
bare.disconnect();
await client.closeAll();
await app.close();
