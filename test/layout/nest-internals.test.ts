/**
 * lib/gateway/nest-internals.ts reads metadata keys from `@nestjs/common/internal`, which Nest may change in any
 * release. Each key is checked against where Nest's public decorator writes today; a failure names the import.
 */
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Catch, UseFilters, UseGuards, UseInterceptors, UsePipes, createParamDecorator } from '@nestjs/common';
import * as internals from '../../lib/gateway/nest-internals.js';

const IMPORT = "lib/gateway/nest-internals.ts: '@nestjs/common/internal'";

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
