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
