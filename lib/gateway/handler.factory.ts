import { Injectable, type ArgumentsHost, type ExceptionFilter, type ExecutionContext, type Type } from '@nestjs/common';
import { ApplicationConfig, ExternalContextCreator, ModuleRef } from '@nestjs/core';
import { ASYNCTION_PARAMS_METADATA, WS_PARAM_ACK, WS_PARAM_PAYLOAD, WS_PARAM_SOCKET } from '../asynction.constants.js';
import type { BoundInvoke } from '../interfaces/bound-handler.interface.js';
import * as nest from './nest-internals.js';

type Method = (...args: unknown[]) => unknown;
const ENHANCER_KEYS = [nest.GUARDS_METADATA, nest.INTERCEPTORS_METADATA, nest.PIPES_METADATA];

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
 * Parameters without a decorator keep their `(payload, socket)` meaning beside decorated ones, so
 * `onMessage(payload, socket, @Principal() user)` reads as it would without the decorator.
 */
function withDefaultParams(declared: Record<string, { index: number }> | undefined): object {
  if (!declared) return DEFAULT_PARAMS;
  const taken = new Set(Object.values(declared).map((param) => param.index));
  return {
    ...Object.fromEntries(Object.entries(DEFAULT_PARAMS).filter(([, param]) => !taken.has(param.index))),
    ...declared,
  };
}

/**
 * Turns a decorated method into the function the gateway calls. Where no guard, interceptor, pipe or filter applies
 * (on the method, its class, or globally) the method is called directly; otherwise Nest's own context creator wraps
 * it, exactly as for a hand-written gateway, and method/class exception filters run on what it throws.
 */
@Injectable()
export class HandlerFactory {
  constructor(
    private readonly contextCreator: ExternalContextCreator,
    private readonly config: ApplicationConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  create(instance: object, methodName: string): BoundInvoke {
    const method = (instance as Record<string, Method>)[methodName];
    const classRef = instance.constructor;
    const filters = this.filtersOf(method, classRef);
    if (!this.isEnhanced(method, classRef, methodName) && filters.length === 0) {
      return (first, socket) => method.call(instance, first, socket);
    }
    const declared = Reflect.getMetadata(nest.ROUTE_ARGS_METADATA, classRef, methodName) as
      Record<string, { index: number }> | undefined;
    Reflect.defineMetadata(ASYNCTION_PARAMS_METADATA, withDefaultParams(declared), classRef, methodName);
    const metadataKey = ASYNCTION_PARAMS_METADATA;
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
    if (filters.length === 0) return (first, socket, event) => target(socket, first, event);
    return (first, socket, event) =>
      target(socket, first, event).catch((error: unknown) => this.filter(filters, error, [socket, first, event]));
  }

  private isEnhanced(method: Method, classRef: Function, methodName: string): boolean {
    const own = ENHANCER_KEYS.some(
      (key) =>
        (Reflect.getMetadata(key, method) as unknown[] | undefined)?.length ||
        (Reflect.getMetadata(key, classRef) as unknown[] | undefined)?.length,
    );
    const params = Reflect.getMetadata(nest.ROUTE_ARGS_METADATA, classRef, methodName) as object | undefined;
    const global =
      this.config.getGlobalGuards().length +
      this.config.getGlobalInterceptors().length +
      this.config.getGlobalPipes().length +
      this.config.getGlobalRequestGuards().length +
      this.config.getGlobalRequestInterceptors().length +
      this.config.getGlobalRequestPipes().length;
    return own || params !== undefined || global > 0;
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
