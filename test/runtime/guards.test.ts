/**
 * Guards alone on a method take a synchronous path (the guards Nest resolved, run in the message's turn); guards
 * beside an interceptor, pipe or filter keep Nest's own. Both must look the same from the client.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Inject,
  Injectable,
  Scope,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import { map, of, type Observable } from 'rxjs';
import { AsyncOperation, AsynctionModule } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import type { Socket } from 'socket.io';
import { fixture, request, rootModule, startApp, type TestApp } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

/** What happened, in order: guards' microtasks and handler calls. */
const happened: string[] = [];
const dataOf = (context: ExecutionContext) => context.switchToWs().getData<string>();

/** `closed` refuses, `throw` throws a client error, `crash` an internal one; anything else passes. */
class GateGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const data = dataOf(context);
    queueMicrotask(() => happened.push(`${data}: microtask`));
    if (data === 'throw') throw new WsException('no entry');
    if (data === 'crash') throw new Error('guard crashed');
    return data !== 'closed';
  }
}

class PromiseGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    await Promise.resolve();
    return dataOf(context) !== 'closed';
  }
}

/** Nest takes an observable guard's last value: `false` first must not refuse. */
class ObservableGuard implements CanActivate {
  canActivate(context: ExecutionContext): Observable<boolean> {
    return of(false, dataOf(context) !== 'closed');
  }
}

const Roles = Reflector.createDecorator<string[]>();

@Injectable()
class RolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride(Roles, [context.getHandler(), context.getClass()]);
    return roles.includes(dataOf(context));
  }
}

@Injectable()
class Gatekeeper {
  readonly friends = new Set(['friend']);
}

@Injectable()
class GatekeeperGuard implements CanActivate {
  constructor(@Inject(Gatekeeper) private readonly gatekeeper: Gatekeeper) {}
  canActivate(context: ExecutionContext): boolean {
    const data = dataOf(context);
    queueMicrotask(() => happened.push(`${data}: microtask`));
    return this.gatekeeper.friends.has(data);
  }
}

/** Created per consumer: Nest's path resolves it; the synchronous one does not try. */
@Injectable({ scope: Scope.TRANSIENT })
class TransientGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const data = dataOf(context);
    queueMicrotask(() => happened.push(`${data}: microtask`));
    return data !== 'closed';
  }
}

class UpperInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value) => String(value).toUpperCase()));
  }
}

/** A guard given as an instance, on the class: sees the host class and the method of every call. */
const classGuard = {
  seen: [] as Array<{ host: unknown; handler: unknown; type: string; pattern: unknown; args: number }>,
  canActivate(context: ExecutionContext): boolean {
    this.seen.push({
      host: context.getClass(),
      handler: context.getHandler(),
      type: context.getType(),
      pattern: context.switchToWs().getPattern(),
      args: context.getArgs().length,
    });
    return true;
  },
};

@Injectable()
@UseGuards(classGuard)
@Roles(['admin'])
class GuardedHandlers {
  @AsyncOperation('guards.sync')
  @UseGuards(GateGuard)
  sync(payload: string) {
    happened.push(`${payload}: handler`);
    return `sync ${payload}`;
  }

  @AsyncOperation('guards.promised')
  @UseGuards(PromiseGuard, GateGuard)
  promised(payload: string) {
    happened.push(`${payload}: handler`);
    return `promised ${payload}`;
  }

  @AsyncOperation('guards.observed')
  @UseGuards(ObservableGuard)
  observed(payload: string) {
    happened.push(`${payload}: handler`);
    return `observed ${payload}`;
  }

  @AsyncOperation('guards.roles')
  @UseGuards(RolesGuard)
  @Roles(['reader'])
  roles(payload: string) {
    return `roles ${payload}`;
  }

  @AsyncOperation('guards.injected')
  @UseGuards(GatekeeperGuard)
  injected(payload: string) {
    happened.push(`${payload}: handler`);
    return `injected ${payload}`;
  }

  @AsyncOperation('guards.streamed')
  @UseGuards(PromiseGuard)
  streamed(payload: string) {
    return of('first', `last ${payload}`);
  }

  @AsyncOperation('guards.transient')
  @UseGuards(TransientGuard)
  transient(payload: string) {
    happened.push(`${payload}: handler`);
    return `transient ${payload}`;
  }

  @AsyncOperation('guards.intercepted')
  @UseGuards(GateGuard)
  @UseInterceptors(UpperInterceptor)
  intercepted(payload: string) {
    happened.push(`${payload}: handler`);
    return `intercepted ${payload}`;
  }
}

const refusal = (event: string, message: string) => ({ status: 'error', namespace: '/guards', event, message });

describe('guards alone on a method', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('runtime/guards.yaml'))], [GuardedHandlers, Gatekeeper]),
    );
  });
  after(() => t.close());
  beforeEach(() => {
    happened.length = 0;
  });

  it('a guard answering true lets the message through in its own turn, before any promise', async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'sync', 'open'), 'sync open');
    assert.deepEqual(happened, ['open: handler', 'open: microtask']);
  });

  it('a guard answering false refuses as Nest does: Forbidden resource, the handler not called', async () => {
    const socket = await t.connect('/guards');
    assert.deepEqual(await request(socket, 'sync', 'closed'), refusal('sync', clientMessages.forbidden));
    assert.deepEqual(await request(socket, 'intercepted', 'closed'), refusal('intercepted', clientMessages.forbidden));
    assert.deepEqual(
      happened.filter((entry) => entry.endsWith('handler')),
      [],
    );
  });

  it('a throwing guard takes the error path of Nest’s: a WsException reaches the client, an Error does not', async () => {
    const socket = await t.connect('/guards');
    assert.deepEqual(await request(socket, 'sync', 'throw'), refusal('sync', 'no entry'));
    assert.deepEqual(await request(socket, 'intercepted', 'throw'), refusal('intercepted', 'no entry'));
    assert.deepEqual(await request(socket, 'sync', 'crash'), refusal('sync', clientMessages.internalError));
    assert.deepEqual(
      await request(socket, 'intercepted', 'crash'),
      refusal('intercepted', clientMessages.internalError),
    );
    assert.deepEqual(
      happened.filter((entry) => entry.endsWith('handler')),
      [],
    );
  });

  it('a promise guard is awaited, and the guards after it still run', async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'promised', 'open'), 'promised open');
    assert.deepEqual(await request(socket, 'promised', 'closed'), refusal('promised', clientMessages.forbidden));
    assert.deepEqual(await request(socket, 'promised', 'throw'), refusal('promised', 'no entry'));
    assert.deepEqual(
      happened.filter((entry) => entry.endsWith('handler')),
      ['open: handler'],
    );
  });

  it("an observable guard counts with its last value, as Nest's guards consumer does", async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'observed', 'open'), 'observed open');
    assert.deepEqual(await request(socket, 'observed', 'closed'), refusal('observed', clientMessages.forbidden));
    assert.deepEqual(happened, ['open: handler']);
  });

  it("after an asynchronous guard, the handler's observable still gives its last value as the ack", async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'streamed', 'x'), 'last x');
  });

  it('a guard reads a custom decorator through Reflector, the method’s value over the class’s', async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'roles', 'reader'), 'roles reader');
    assert.deepEqual(await request(socket, 'roles', 'admin'), refusal('roles', clientMessages.forbidden));
  });

  it('a guard class gets its dependencies from the module: the very instances the app holds', async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'injected', 'friend'), 'injected friend');
    assert.deepEqual(await request(socket, 'injected', 'late'), refusal('injected', clientMessages.forbidden));
    t.app.get(Gatekeeper).friends.add('late');
    assert.equal(await request(socket, 'injected', 'late'), 'injected late');
    // Singletons take the synchronous path: the handler runs before the guard's microtask.
    assert.deepEqual(happened, [
      'friend: handler',
      'friend: microtask',
      'late: microtask',
      'late: handler',
      'late: microtask',
    ]);
  });

  it('a guard given as an instance on the class sees the ws context of each method', async () => {
    const socket = await t.connect('/guards');
    classGuard.seen.length = 0;
    await request(socket, 'sync', 'open');
    await request(socket, 'intercepted', 'open');
    assert.deepEqual(classGuard.seen, [
      { host: GuardedHandlers, handler: GuardedHandlers.prototype.sync, type: 'ws', pattern: 'sync', args: 3 },
      {
        host: GuardedHandlers,
        handler: GuardedHandlers.prototype.intercepted,
        type: 'ws',
        pattern: 'intercepted',
        args: 3,
      },
    ]);
  });

  it('a transient guard keeps Nest’s path: its promise turn comes before the handler', async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'transient', 'open'), 'transient open');
    assert.deepEqual(await request(socket, 'transient', 'closed'), refusal('transient', clientMessages.forbidden));
    assert.deepEqual(happened, ['open: microtask', 'open: handler', 'closed: microtask']);
  });

  it('a guard beside an interceptor keeps Nest’s path: the interceptor runs', async () => {
    const socket = await t.connect('/guards');
    assert.equal(await request(socket, 'intercepted', 'open'), 'INTERCEPTED OPEN');
  });
});

@Injectable()
class GlobalHandlers {
  @AsyncOperation('global.open')
  open(payload: string) {
    happened.push(`${payload}: handler`);
    return `open ${payload}`;
  }
}

describe('a global guard (APP_GUARD) with a dependency', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(fixture('runtime/guards-global.yaml'))],
        [GlobalHandlers, Gatekeeper, { provide: APP_GUARD, useClass: GatekeeperGuard }],
      ),
    );
  });
  after(() => t.close());

  it('applies to a method without guards of its own, with the app’s instance of its dependency', async () => {
    happened.length = 0;
    const socket = await t.connect('/global');
    assert.equal(await request(socket, 'open', 'friend'), 'open friend');
    assert.deepEqual(await request(socket, 'open', 'stranger'), {
      status: 'error',
      namespace: '/global',
      event: 'open',
      message: clientMessages.forbidden,
    });
    t.app.get(Gatekeeper).friends.add('stranger');
    assert.equal(await request(socket, 'open', 'stranger'), 'open stranger');
    assert.deepEqual(happened, [
      'friend: handler',
      'friend: microtask',
      'stranger: microtask',
      'stranger: handler',
      'stranger: microtask',
    ]);
  });
});

/** Admits a handshake whose `auth.pass` is `yes`; records what a disconnect guard is shown. */
class HandshakeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const socket = context.switchToWs().getClient<Socket>();
    if (context.switchToWs().getPattern() === 'disconnect') {
      lifecycle.push(`disconnect guard: ${context.switchToWs().getData<string>()}`);
      return true;
    }
    return (socket.handshake.auth as { pass?: string }).pass === 'yes';
  }
}

const lifecycle: string[] = [];

@Injectable()
class GatedHandlers {
  @AsyncOperation('gated.connect')
  @UseGuards(HandshakeGuard)
  connect(_payload: unknown, socket: Socket): void {
    lifecycle.push(`connect: ${(socket.handshake.auth as { pass?: string }).pass}`);
  }

  @AsyncOperation('gated.disconnect')
  @UseGuards(HandshakeGuard)
  disconnect(_socket: Socket, reason: string): void {
    lifecycle.push(`disconnect: ${reason}`);
  }

  @AsyncOperation('gated.ping')
  ping(text: string): string {
    return text;
  }
}

describe('guards alone on connect and disconnect handlers', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('runtime/guards-lifecycle.yaml'))], [GatedHandlers]),
    );
  });
  after(() => t.close());
  beforeEach(() => (lifecycle.length = 0));

  it('a connect guard that answers false refuses the handshake as Nest would, before the handler', async () => {
    await assert.rejects(t.connect('/gated', { auth: { pass: 'no' } }), {
      message: clientMessages.connectRefused('/gated', 'Forbidden resource'),
    });
    assert.deepEqual(lifecycle, [], 'the connect handler ran behind a refusing guard');
  });

  it('a connect guard that answers true lets the handler run, and a disconnect guard sees the reason', async () => {
    const socket = await t.connect('/gated', { auth: { pass: 'yes' } });
    assert.equal(await request(socket, 'ping', 'hello'), 'hello');
    socket.disconnect();
    await waitFor('the disconnect handler', () => lifecycle.length === 3);
    assert.deepEqual(lifecycle, [
      'connect: yes',
      'disconnect guard: client namespace disconnect',
      'disconnect: client namespace disconnect',
    ]);
  });
});
