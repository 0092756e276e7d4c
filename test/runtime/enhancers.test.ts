import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Catch,
  Injectable,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { map, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { fixture, nextEvent, request, rootModule, startApp, type TestApp } from '../support/harness.js';

class TeapotError extends Error {}

/** Lets an event through only when the payload says "open"; sees the ws context like a hand-written gateway's guard. */
class PayloadGuard implements CanActivate {
  static seen: Array<{ type: string; data: unknown; pattern: unknown; client: boolean }> = [];
  canActivate(context: ExecutionContext): boolean {
    const ws = context.switchToWs();
    PayloadGuard.seen.push({
      type: context.getType(),
      data: ws.getData(),
      pattern: ws.getPattern(),
      client: typeof (ws.getClient() as Socket).emit === 'function',
    });
    return ws.getData() === 'open';
  }
}

class UpperInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value) => String(value).toUpperCase()));
  }
}

class ReversePipe implements PipeTransform {
  transform(value: unknown): unknown {
    return typeof value === 'string' ? [...value].reverse().join('') : value;
  }
}

@Catch(TeapotError)
class TeapotFilter implements ExceptionFilter {
  catch(error: TeapotError, host: ArgumentsHost): void {
    host.switchToWs().getClient<Socket>().emit('teapot', { caught: error.message });
  }
}

@Injectable()
class EnhancedHandlers {
  @AsyncOperation('enhanced.guarded')
  @UseGuards(PayloadGuard)
  guarded(payload: string, socket: Socket) {
    return `${payload}:${socket.nsp.name}`;
  }

  @AsyncOperation('enhanced.intercepted')
  @UseInterceptors(UpperInterceptor)
  intercepted(payload: string) {
    return `got ${payload}`;
  }

  @AsyncOperation('enhanced.piped')
  @UsePipes(ReversePipe)
  piped(payload: string, socket: Socket) {
    return { payload, socketIntact: typeof socket.emit === 'function' };
  }

  @AsyncOperation('enhanced.filtered')
  @UseFilters(TeapotFilter)
  filtered(payload: string) {
    throw new TeapotError(payload);
  }

  @AsyncOperation('enhanced.plain')
  plain(payload: string) {
    return payload;
  }

  @AsyncOperation('enhanced.spec_ping')
  specPing() {
    return 'spec pong';
  }
}

/** A hand-written gateway of the user's, on the same server and the same namespace as a generated one. */
@WebSocketGateway()
class UserGateway {
  @SubscribeMessage('own ping')
  ownPing(@MessageBody() body: string) {
    return `own pong ${body}`;
  }
}

describe('Nest enhancers on @AsyncOperation methods', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('runtime/enhanced.yaml'))], [EnhancedHandlers, UserGateway]),
    );
  });
  after(() => t.close());

  it('a guard on the method rejects an event, with the ws execution context of a hand-written gateway', async () => {
    const socket = await t.connect('/enhanced');
    assert.equal(await request(socket, 'guarded', 'open'), 'open:/enhanced');
    const refused = await request(socket, 'guarded', 'closed');
    assert.deepEqual(refused, {
      status: 'error',
      namespace: '/enhanced',
      event: 'guarded',
      message: clientMessages.forbidden,
    });
    assert.deepEqual(PayloadGuard.seen.at(-1), { type: 'ws', data: 'closed', pattern: 'guarded', client: true });
  });

  it('an interceptor transforms the ack', async () => {
    const socket = await t.connect('/enhanced');
    assert.equal(await request(socket, 'intercepted', 'it'), 'GOT IT');
  });

  it('a pipe transforms the payload, never the socket', async () => {
    const socket = await t.connect('/enhanced');
    assert.deepEqual(await request(socket, 'piped', 'abc'), { payload: 'cba', socketIntact: true });
  });

  it('an exception filter catches what the handler throws', async () => {
    const socket = await t.connect('/enhanced');
    const caught = nextEvent(socket, 'teapot');
    socket.emit('filtered', 'short and stout');
    assert.deepEqual(await caught, { caught: 'short and stout' });
  });

  it("the user's own gateway keeps working beside the generated ones", async () => {
    const socket = await t.connect('/');
    assert.equal(await request(socket, 'own ping', 'x'), 'own pong x');
    assert.equal(await request(socket, 'spec ping'), 'spec pong');
  });
});

describe('global enhancers', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('runtime/enhanced.yaml'))], [EnhancedHandlers]),
      (app) => {
        app.useGlobalGuards(new PayloadGuard());
        app.useGlobalInterceptors(new UpperInterceptor());
      },
    );
  });
  after(() => t.close());

  it('a global guard and interceptor apply to handlers without their own', async () => {
    const socket = await t.connect('/enhanced');
    assert.equal(await request(socket, 'plain', 'open'), 'OPEN');
    const refused = await request<{ message: string }>(socket, 'plain', 'shut');
    assert.equal(refused.message, clientMessages.forbidden);
  });
});
