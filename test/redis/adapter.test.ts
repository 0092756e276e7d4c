import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NestFactory } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { AsynctionError, AsynctionModule, AsynctionRedisIoAdapter } from '../../lib/index.js';
import { logMessages } from '../../lib/messages/index.js';
import { nextEvent, rootModule, startApp, type TestApp } from '../support/harness.js';
import { redisSkipReason, TestRedis } from '../support/redis.js';
import { ChatHandlers, closeAll, PlainGateway, SCALE_OUT } from './cluster.js';

/** What an application with its own adapter does: here, socket.io server options of its own. */
class TunedAdapter extends AsynctionRedisIoAdapter {
  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, { ...options, pingInterval: 12_345 } as ServerOptions);
  }
}

describe('redis: the WebSocket adapter', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;
  const apps: TestApp[] = [];
  const module = () =>
    rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT, redis: { url: redis.url } })], [ChatHandlers, PlainGateway]);

  before(async () => {
    redis = await TestRedis.start();
  });
  after(async () => {
    await closeAll(apps);
    await redis?.kill();
  });

  it('an app that replaces it with a plain IoAdapter does not start, and is told how to fix it', async () => {
    const app = await NestFactory.create(module(), { logger: false });
    try {
      app.useWebSocketAdapter(new IoAdapter(app));
      await assert.rejects(app.init(), (error: unknown) => {
        assert.ok(error instanceof AsynctionError);
        assert.equal(error.message, logMessages.redisAdapterReplaced('IoAdapter'));
        return true;
      });
    } finally {
      await app.close();
    }
  });

  it('an app that extends AsynctionRedisIoAdapter keeps its own server setup and reaches other instances', async () => {
    const a = await startApp(module(), (app) => {
      app.useWebSocketAdapter(new TunedAdapter(app));
    });
    apps.push(a);
    const b = await startApp(module(), (app) => {
      app.useWebSocketAdapter(new TunedAdapter(app));
    });
    apps.push(b);
    const sender = await a.connect('/plain');
    const listener = await b.connect('/plain');
    const got = nextEvent(listener, 'shouted');
    sender.emit('shout', 'through the subclass');
    assert.equal(await got, 'through the subclass');
    assert.equal(b.app.get(PlainGateway).server.server.engine.opts.pingInterval, 12_345);
  });
});

describe('redis: AsynctionRedisIoAdapter without the redis option', () => {
  it('throws a message naming the missing option', async () => {
    const app = await startApp(rootModule([AsynctionModule.forRoot({ spec: SCALE_OUT })], [ChatHandlers]));
    try {
      assert.throws(() => new AsynctionRedisIoAdapter(app.app), { message: logMessages.redisNotConfigured() });
    } finally {
      await app.close();
    }
  });
});
