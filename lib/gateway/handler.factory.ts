import {
  Injectable,
  Scope,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { ApplicationConfig, ExternalContextCreator, ModuleRef } from '@nestjs/core';
import {
  ASYNCTION_DISCONNECT_PARAMS_METADATA,
  ASYNCTION_PARAMS_METADATA,
  WS_PARAM_ACK,
  WS_PARAM_PAYLOAD,
  WS_PARAM_SOCKET,
} from '../asynction.constants.js';
import type { BoundInvoke } from '../interfaces/bound-handler.interface.js';
import { guardedInvoke, type ContextArgs } from './guards.runner.js';
import * as nest from './nest-internals.js';

/**
 * How the dispatcher calls a method: `message` (events, error and connect handlers) passes the payload (error,
 * socket) first and the socket second; `disconnect` passes the socket first and the reason second.
 */
export type HandlerKind = 'message' | 'disconnect';

type Method = (...args: unknown[]) => unknown;

/** What applies to a method besides exception filters: nothing, guards alone, or more (interceptors, pipes, params). */
type Enhancers = 'none' | 'guards' | 'more';

/** The arguments Nest's `ws` execution context expects: client, data, then the pattern. */
const paramsFactory = {
  exchangeKeyForValue(type: number, data: string | undefined, args: unknown[]): unknown {
    if (type === WS_PARAM_SOCKET) return args[0];
    if (type === WS_PARAM_PAYLOAD) return data ? (args[1] as Record<string, unknown> | undefined)?.[data] : args[1];
    if (type === WS_PARAM_ACK) return undefined;
    return null;
  },
};

/** Handlers without parameter decorators take `(payload, socket)`; the socket is a custom param so pipes skip it. */
const DEFAULT_PARAMS = {
  [`${WS_PARAM_PAYLOAD}:0`]: { index: 0, data: undefined, pipes: [] },
  [`custom:${nest.CUSTOM_ROUTE_ARGS_METADATA}:1`]: {
    index: 1,
    data: undefined,
    pipes: [],
    factory: (_data: unknown, ctx: ExecutionContext) => ctx.getArgByIndex(0),
  },
};

/**
 * Disconnect handlers take `(socket, reason)`: the execution context's client is the socket and its data the reason,
 * as for any ws context; both are custom params, so pipes never transform them.
 */
const DISCONNECT_PARAMS = {
  [`custom:${nest.CUSTOM_ROUTE_ARGS_METADATA}:0`]: {
    index: 0,
    data: undefined,
    pipes: [],
    factory: (_data: unknown, ctx: ExecutionContext) => ctx.getArgByIndex(0),
  },
  [`custom:${nest.CUSTOM_ROUTE_ARGS_METADATA}:1`]: {
    index: 1,
    data: undefined,
    pipes: [],
    factory: (_data: unknown, ctx: ExecutionContext) => ctx.getArgByIndex(1),
  },
};

/**
 * Parameters without a decorator keep their `(payload, socket)` (or `(socket, reason)`) meaning beside decorated
 * ones, so `onMessage(payload, socket, @Principal() user)` reads as it would without the decorator.
 */
function withDefaultParams(defaults: object, declared: Record<string, { index: number }> | undefined): object {
  if (!declared) return defaults;
  const taken = new Set(Object.values(declared).map((param) => param.index));
  return {
    ...Object.fromEntries(
      Object.entries(defaults as Record<string, { index: number }>).filter(([, param]) => !taken.has(param.index)),
    ),
    ...declared,
  };
}

/**
 * Turns a decorated method into the function the gateway calls. Where no guard, interceptor, pipe or filter applies
 * (on the method, its class, or globally) the method is called directly. Where guards alone apply and each is a
 * singleton, the guards Nest resolved for the method run synchronously before it (`guardedInvoke`). Otherwise Nest's
 * own context creator wraps it, exactly as for a hand-written gateway, and method/class exception filters run on what
 * it throws.
 */
@Injectable()
export class HandlerFactory {
  constructor(
    private readonly contextCreator: ExternalContextCreator,
    private readonly config: ApplicationConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  create(instance: object, methodName: string, kind: HandlerKind = 'message'): BoundInvoke {
    const method = (instance as Record<string, Method>)[methodName];
    const classRef = instance.constructor;
    const filters = this.filtersOf(method, classRef);
    const enhancers = this.enhancersOf(method, classRef, methodName);
    if (enhancers === 'none' && filters.length === 0) {
      return (first, socket) => method.call(instance, first, socket);
    }
    const disconnect = kind === 'disconnect';
    // The ws context's arguments: client, data, pattern. A disconnect handler is called (socket, reason).
    const contextArgs: ContextArgs = disconnect
      ? (socket, reason) => [socket, reason, 'disconnect']
      : (first, socket, event) => [socket, first, event];
    const guards = enhancers === 'guards' && filters.length === 0 && this.singletonGuards(instance, method, methodName);
    if (guards) return guardedInvoke(guards, instance, method, contextArgs);
    const declared = Reflect.getMetadata(nest.ROUTE_ARGS_METADATA, classRef, methodName) as
      Record<string, { index: number }> | undefined;
    const metadataKey = disconnect ? ASYNCTION_DISCONNECT_PARAMS_METADATA : ASYNCTION_PARAMS_METADATA;
    const defaults = disconnect ? DISCONNECT_PARAMS : DEFAULT_PARAMS;
    Reflect.defineMetadata(metadataKey, withDefaultParams(defaults, declared), classRef, methodName);
    const target = this.contextCreator.create(
      instance as Record<string, Method>,
      method,
      methodName,
      metadataKey,
      paramsFactory as never,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: false },
      'ws',
    ) as (...args: unknown[]) => Promise<unknown>;
    if (filters.length === 0) return (first, second, event) => target(...contextArgs(first, second, event));
    return (first, second, event) => {
      const args = contextArgs(first, second, event);
      return target(...args).catch((error: unknown) => this.filter(filters, error, args));
    };
  }

  private enhancersOf(method: Method, classRef: Function, methodName: string): Enhancers {
    const declared = (key: string) =>
      Boolean(
        (Reflect.getMetadata(key, method) as unknown[] | undefined)?.length ||
        (Reflect.getMetadata(key, classRef) as unknown[] | undefined)?.length,
      );
    const config = this.config;
    const more =
      declared(nest.INTERCEPTORS_METADATA) ||
      declared(nest.PIPES_METADATA) ||
      Reflect.getMetadata(nest.ROUTE_ARGS_METADATA, classRef, methodName) !== undefined ||
      config.getGlobalInterceptors().length +
        config.getGlobalPipes().length +
        config.getGlobalRequestInterceptors().length +
        config.getGlobalRequestPipes().length >
        0;
    if (more) return 'more';
    const guards =
      declared(nest.GUARDS_METADATA) || config.getGlobalGuards().length + config.getGlobalRequestGuards().length > 0;
    return guards ? 'guards' : 'none';
  }

  /**
   * The guards Nest resolved for the method, when every one is a singleton: one created per request, per consumer
   * (transient), or in a durable tree, or a class Nest does not know, leaves the method on Nest's path.
   */
  private singletonGuards(instance: object, method: Method, methodName: string): CanActivate[] | undefined {
    if (this.config.getGlobalRequestGuards().length > 0) return undefined;
    const bound = [
      ...((Reflect.getMetadata(nest.GUARDS_METADATA, instance.constructor) as unknown[] | undefined) ?? []),
      ...((Reflect.getMetadata(nest.GUARDS_METADATA, method) as unknown[] | undefined) ?? []),
    ];
    for (const guard of bound) {
      if (typeof guard !== 'function') continue;
      try {
        if (this.moduleRef.introspect(guard as Type<CanActivate>).scope !== Scope.DEFAULT) return undefined;
      } catch {
        return undefined;
      }
    }
    return nest.guardsOf(this.contextCreator, instance, methodName);
  }

  private filtersOf(method: Method, classRef: Function): ExceptionFilter[] {
    const declared = [
      ...((Reflect.getMetadata(nest.EXCEPTION_FILTERS_METADATA, method) as unknown[] | undefined) ?? []),
      ...((Reflect.getMetadata(nest.EXCEPTION_FILTERS_METADATA, classRef) as unknown[] | undefined) ?? []),
    ];
    return declared.map((filter) => {
      if (typeof filter !== 'function') return filter as ExceptionFilter;
      try {
        return this.moduleRef.get(filter as Type<ExceptionFilter>, { strict: false });
      } catch {
        return new (filter as Type<ExceptionFilter>)();
      }
    });
  }

  /** Method filters first, then class filters; the first whose `@Catch()` matches handles the error. */
  private filter(filters: ExceptionFilter[], error: unknown, args: unknown[]): unknown {
    for (const filter of filters) {
      const types =
        (Reflect.getMetadata(nest.FILTER_CATCH_EXCEPTIONS, filter.constructor) as Function[] | undefined) ?? [];
      if (types.length === 0 || types.some((type) => error instanceof type)) {
        filter.catch(error, wsHost(args));
        return FILTERED;
      }
    }
    throw error;
  }
}

/** What an exception filter receives for a socket.io event, as Nest builds it for its own gateways. */
function wsHost(args: unknown[]): ArgumentsHost {
  return {
    getArgs: <T extends unknown[]>() => args as T,
    getArgByIndex: <T>(index: number) => args[index] as T,
    getType: <T extends string>() => 'ws' as T,
    switchToWs: () => ({
      getClient: <T>() => args[0] as T,
      getData: <T>() => args[1] as T,
      getPattern: () => args[2] as string,
    }),
    switchToHttp: () => ({
      getRequest: <T>() => args[0] as T,
      getResponse: <T>() => args[1] as T,
      getNext: <T>() => args[2] as T,
    }),
    switchToRpc: () => ({ getData: <T>() => args[0] as T, getContext: <T>() => args[1] as T }),
  };
}

/** Returned by an invoke whose error an exception filter handled: nothing more is sent. */
export const FILTERED: unique symbol = Symbol('asynction:filtered');
