/**
 * lib/gateway/nest-internals.ts reads metadata keys from `@nestjs/common/internal`, builds Nest's execution context
 * from `@nestjs/core/internal`, and takes a method's guards from `ExternalContextCreator.create`, any of which Nest
 * may change in any release. Each is checked against what Nest does today; a failure names the import.
 */
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Catch,
  ForbiddenException,
  Inject,
  Injectable,
  Module,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  createParamDecorator,
  type CanActivate,
} from '@nestjs/common';
import { APP_GUARD, ExternalContextCreator, NestFactory } from '@nestjs/core';
import * as internals from '../../lib/gateway/nest-internals.js';
import { clientMessages } from '../../lib/messages/index.js';

const IMPORT = "lib/gateway/nest-internals.ts: '@nestjs/common/internal'";

const CORE = 'lib/gateway/nest-internals.ts';

function written(key: keyof typeof internals, by: string, target: object, expected: unknown, property?: string) {
  const value = property
    ? Reflect.getMetadata(internals[key], target, property)
    : Reflect.getMetadata(internals[key], target);
  assert.deepEqual(
    value,
    expected,
    `${IMPORT} ${key} (${JSON.stringify(internals[key])}) is no longer where ${by} writes: Nest's internals changed; ` +
      'update the import and the @nestjs/common range in peerDependencies',
  );
}

describe("layout: Nest's internal metadata keys", () => {
  it('are where the public enhancer decorators write', () => {
    const guard = { canActivate: () => true };
    const interceptor = { intercept: () => undefined as never };
    const pipe = { transform: (value: unknown) => value };
    const filter = { catch: () => undefined };
    class Probe {}
    UseGuards(guard)(Probe);
    UseInterceptors(interceptor)(Probe);
    UsePipes(pipe)(Probe);
    UseFilters(filter)(Probe);
    written('GUARDS_METADATA', '@UseGuards', Probe, [guard]);
    written('INTERCEPTORS_METADATA', '@UseInterceptors', Probe, [interceptor]);
    written('PIPES_METADATA', '@UsePipes', Probe, [pipe]);
    written('EXCEPTION_FILTERS_METADATA', '@UseFilters', Probe, [filter]);
  });

  it('is where @Catch writes', () => {
    class Filter {}
    Catch(RangeError)(Filter);
    written('FILTER_CATCH_EXCEPTIONS', '@Catch', Filter, [RangeError]);
  });

  it('are where a custom parameter decorator writes, in the key shape the handler factory builds', () => {
    class Probe {}
    createParamDecorator(() => 1)()(Probe.prototype, 'method', 0);
    const params = Reflect.getMetadata(internals.ROUTE_ARGS_METADATA, Probe, 'method') as object | undefined;
    assert.ok(params, `${IMPORT} ROUTE_ARGS_METADATA is no longer where parameter decorators write`);
    const keys = Object.keys(params);
    assert.ok(
      keys.length === 1 && keys[0]!.endsWith(`${internals.CUSTOM_ROUTE_ARGS_METADATA}:0`),
      `${IMPORT} CUSTOM_ROUTE_ARGS_METADATA: custom parameters are keyed ${JSON.stringify(keys)} now`,
    );
  });
});

@Injectable()
class Dependency {}

@Injectable()
class InjectedGuard implements CanActivate {
  constructor(@Inject(Dependency) readonly dependency: Dependency) {}
  canActivate(): boolean {
    return true;
  }
}

class GlobalGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

const instanceGuard = { canActivate: () => true };

@Injectable()
@UseGuards(instanceGuard)
class GuardedHost {
  @UseGuards(InjectedGuard)
  method() {
    return 'called';
  }
}

describe("layout: Nest's guards and execution context", () => {
  it("guardsOf gets the guards ExternalContextCreator.create resolves: global, class, method, Nest's instances", async () => {
    @Module({ providers: [Dependency, GuardedHost, { provide: APP_GUARD, useClass: GlobalGuard }] })
    class ProbeModule {}
    const app = await NestFactory.createApplicationContext(ProbeModule, { logger: false });
    try {
      const guards = internals.guardsOf(app.get(ExternalContextCreator), app.get(GuardedHost), 'method');
      assert.ok(
        guards,
        `${CORE} guardsOf: ExternalContextCreator.create no longer hands its guards to createGuardsFn; ` +
          "Nest's internals changed: find where create resolves guards now, and the @nestjs/core range",
      );
      assert.equal(
        guards.length,
        3,
        `${CORE} guardsOf: expected global, class and method guards, got ${guards.length}`,
      );
      assert.ok(guards[0] instanceof GlobalGuard, `${CORE} guardsOf: the APP_GUARD instance is not first`);
      assert.equal(guards[1], instanceGuard, `${CORE} guardsOf: the class's guard instance is not second`);
      assert.ok(guards[2] instanceof InjectedGuard, `${CORE} guardsOf: the method's guard is not Nest's instance`);
      assert.equal((guards[2] as InjectedGuard).dependency, app.get(Dependency), `${CORE} guardsOf: not DI's instance`);
    } finally {
      await app.close();
    }
  });

  it("wsExecutionContext is Nest's ws execution context (@nestjs/core/internal ExecutionContextHost)", () => {
    const socket = { id: 'socket' };
    const handler = GuardedHost.prototype.method;
    const context = internals.wsExecutionContext([socket, 'data', 'event'], GuardedHost, handler);
    const ws = context.switchToWs();
    assert.deepEqual(
      [context.getType(), context.getClass(), context.getHandler(), context.getArgs(), context.getArgByIndex(1)],
      ['ws', GuardedHost, handler, [socket, 'data', 'event'], 'data'],
      `${CORE}: ExecutionContextHost from '@nestjs/core/internal' changed`,
    );
    assert.deepEqual(
      [ws.getClient(), ws.getData(), ws.getPattern()],
      [socket, 'data', 'event'],
      `${CORE}: ExecutionContextHost.switchToWs from '@nestjs/core/internal' changed`,
    );
  });

  it("forbidden is the refusal Nest's external context throws (FORBIDDEN_MESSAGE from @nestjs/core/internal)", () => {
    const error = internals.forbidden();
    assert.ok(error instanceof ForbiddenException);
    assert.equal(error.message, clientMessages.forbidden, `${CORE}: FORBIDDEN_MESSAGE changed`);
  });
});
