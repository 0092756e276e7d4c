import { ForbiddenException, Injectable, Logger, type LoggerService } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import {
  AsyncOperation,
  AsynctionModule,
  type AsynctionLimitsOptions,
  type BearerCredentials,
} from '../../lib/index.js';
import { fixture, rootModule, startApp, type TestApp } from '../support/harness.js';

/** The one token `abuse.verify` accepts as a user; other tokens map to what the verifier returns, see below. */
export const GOOD_TOKEN = 'good-token';

/** Tokens whose verifier result is falsy: each must be refused. */
export const FALSY: Readonly<Record<string, unknown>> = {
  zero: 0,
  empty: '',
  nan: Number.NaN,
  false: false,
  null: null,
  undefined: undefined,
};

/** A promise that never settles: what a hung database call looks like. */
const never = new Promise<never>(() => undefined);

/** The handlers of abuse/abuse.yaml, counting what reached them. */
@Injectable()
export class AbuseHandlers {
  verified = 0;
  connected = 0;
  echoed = 0;
  /** Every number echoed, in the order the handler saw them. */
  readonly seen: number[] = [];
  /** Resolves the late verifier: what it returns after the timeout must be ignored. */
  lateVerifier?: (principal: unknown) => void;

  @AsyncOperation('abuse.verify')
  verify({ token }: BearerCredentials): unknown {
    this.verified++;
    if (token === GOOD_TOKEN) return { user: 'alice' };
    if (token === 'one') return 1;
    if (Object.hasOwn(FALSY, token)) return FALSY[token];
    if (token === 'hang') return never;
    if (token === 'late') return new Promise((resolve) => (this.lateVerifier = resolve));
    return undefined;
  }

  @AsyncOperation('abuse.secureConnect')
  secureConnect(): void {
    this.connected++;
  }

  @AsyncOperation('abuse.whoami')
  whoami(_text: string, socket: Socket): unknown {
    return (socket.data as { principal?: unknown }).principal ?? null;
  }

  /** Misbehaves as `?kind=` asks. */
  @AsyncOperation('abuse.lobbyConnect')
  lobbyConnect(socket: Socket): unknown {
    switch (socket.handshake.query.kind) {
      case 'leak':
        throw new Error('connect ECONNREFUSED 10.0.0.5:5432 (postgres://app:password=hunter2@db)');
      case 'reject':
        return Promise.reject(new TypeError('Cannot read properties of undefined (reading "rows")'));
      case 'ws':
        throw new WsException('lobby closed for cleaning');
      case 'http':
        throw new ForbiddenException('members only');
      case 'hang':
        return never;
      default:
        return undefined;
    }
  }

  @AsyncOperation('abuse.lobbyEcho')
  @AsyncOperation('abuse.echo')
  @AsyncOperation('abuse.checkedEcho')
  echo(n: number): number {
    this.echoed++;
    this.seen.push(n);
    return n;
  }
}

/** Serves abuse/abuse.yaml with the given limits. */
export function serveAbuse(limits?: AsynctionLimitsOptions): Promise<TestApp> {
  return startApp(
    rootModule([AsynctionModule.forRoot({ spec: fixture('abuse/abuse.yaml'), limits })], [AbuseHandlers]),
  );
}

/** Collects what the library logs while `run` runs (the apps of the tests log nothing otherwise). */
export async function capturingLogs<T>(run: () => Promise<T>): Promise<{ result: T; logs: string[] }> {
  const logs: string[] = [];
  const capture =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      void logs.push(`${level} ${[message, ...rest].map(String).join(' ')}`);
  const spy: LoggerService = { log: capture('log'), error: capture('error'), warn: capture('warn') };
  Logger.overrideLogger(spy);
  try {
    return { result: await run(), logs };
  } finally {
    Logger.overrideLogger(false);
  }
}
