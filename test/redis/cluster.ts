import { after, before } from 'node:test';
import { Injectable } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  AsyncOperation,
  AsynctionEmitter,
  AsynctionModule,
  AsynctionRedisBroker,
  type AsynctionRedisOptions,
} from '../../lib/index.js';
import { fixture, rootModule, startApp, type TestApp } from '../support/harness.js';

export const SCALE_OUT = fixture('redis/scale-out.yaml');

@Injectable()
export class ChatHandlers {
  @AsyncOperation('chat.join')
  async join(room: string, socket: Socket): Promise<string> {
    await socket.join(room);
    return room;
  }

  /** How many clients the whole deployment has: `fetchSockets` asks every instance through Redis. */
  @AsyncOperation('chat.count')
  async count(_: object, socket: Socket): Promise<{ total?: number; error?: string }> {
    try {
      return { total: (await socket.nsp.fetchSockets()).length };
    } catch (error) {
      return { error: `${(error as Error).name}: ${(error as Error).message}` };
    }
  }
}

/** A hand-written gateway beside the generated ones: the Redis option must reach it too. */
@WebSocketGateway({ namespace: '/plain' })
export class PlainGateway {
  @WebSocketServer() server!: Namespace;

  @SubscribeMessage('shout')
  shout(@MessageBody() text: string): void {
    this.server.emit('shouted', text);
  }
}

export interface Instance extends TestApp {
  emitter: AsynctionEmitter;
  broker: AsynctionRedisBroker;
}

/** Starts one serving instance of the scale-out chat on a free port. */
export async function startInstance(redis: AsynctionRedisOptions): Promise<Instance> {
  const app = await startApp(
    rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis })], [ChatHandlers, PlainGateway]),
  );
  return { ...app, emitter: app.app.get(AsynctionEmitter), broker: app.app.get(AsynctionRedisBroker) };
}

export async function startInstances(count: number, redis: AsynctionRedisOptions): Promise<Instance[]> {
  const instances: Instance[] = [];
  for (let i = 0; i < count; i++) instances.push(await startInstance(redis));
  return instances;
}

export async function closeAll(instances: readonly { close(): Promise<void> }[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.close()));
}

/** Two instances over one broker, as the `describe` that called `twoInstancesOver` sees them once started. */
export interface InstancePair<B> {
  broker: B;
  a: Instance;
  b: Instance;
  /** The unhandled rejections while the describe's tests ran: a fault must never produce one. */
  readonly unhandled: unknown[];
}

/**
 * In a `describe`: starts the broker and two instances before its tests, and closes them (instances first) after.
 * @param start starts the broker (a `TestRedis`, a `TestRedisCluster`)
 * @param options the instances' `redis` option, from the started broker
 * @param stop stops the broker
 */
export function twoInstancesOver<B>(
  start: () => Promise<B>,
  options: (broker: B) => AsynctionRedisOptions,
  stop: (broker: B) => Promise<unknown>,
): InstancePair<B> {
  const pair = { unhandled: [] as unknown[] } as InstancePair<B>;
  const record = (reason: unknown) => pair.unhandled.push(reason);
  before(async () => {
    process.on('unhandledRejection', record);
    pair.broker = await start();
    [pair.a, pair.b] = await startInstances(2, options(pair.broker));
  });
  after(async () => {
    await closeAll([pair.a, pair.b].filter(Boolean));
    if (pair.broker) await stop(pair.broker);
    process.off('unhandledRejection', record);
  });
  return pair;
}
