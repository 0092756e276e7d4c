import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionEmitter } from '../../lib/index.js';

/** The `/admin` namespace: a token on connect, then a metric every few seconds. */
@Injectable()
export class AdminHandlers implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(private readonly emitter: AsynctionEmitter) {}

  @AsyncOperation('admin.connect')
  connect(socket: Socket): void {
    const expected = process.env.ADMIN_TOKEN ?? 'admin';
    if (socket.handshake.query.token !== expected) throw new WsException('a valid ?token= is required');
  }

  onApplicationBootstrap(): void {
    const interval = Number(process.env.METRIC_INTERVAL_MS ?? 5000);
    this.timer = setInterval(() => {
      this.emitter.emit('/admin', 'server metric', { name: 'rss_bytes', value: process.memoryUsage().rss });
    }, interval);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
