import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import { of, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import {
  AsyncOperation,
  SecurityError,
  type ApiKeyCredentials,
  type BasicCredentials,
  type BearerCredentials,
  type ScopeCheck,
  type SecurityFailure,
  type TokenCredentials,
} from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { connectError } from '../support/harness.js';

/** The credentials the verifiers below accept; anything else is refused. */
export const GOOD = {
  user: 'alice',
  password: 's3cret:with:colons',
  token: 'good.token-1',
  apiKey: 'k-123',
} as const;

/** `Authorization: Basic base64(user:password)`. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** What a verifier saw, so tests can tell that a refusal never reached a handler. */
export const calls = { verifier: 0, handler: 0, connect: 0 };

/** Token info by token, for the oauth2 / openIdConnect verifier. */
export const TOKENS: Readonly<Record<string, object>> = {
  reader: { sub: 'reader', scope: 'read' },
  writer: { sub: 'writer', scopes: ['read', 'write'] },
  admin: { sub: 'admin', scope: 'admin profile' },
  boss: { sub: 'boss', scope: 'admin' },
  [GOOD.token]: { sub: 'bob', scope: 'read write' },
};

/** `auth.basic`: accepts GOOD.user / GOOD.password (http basic and userPassword). */
@Injectable()
export class BasicVerifier {
  @AsyncOperation('auth.basic')
  basic(credentials: BasicCredentials): object | undefined {
    calls.verifier++;
    return credentials.username === GOOD.user && credentials.password === GOOD.password
      ? { user: 'alice', via: credentials.scheme }
      : undefined;
  }
}

/** `auth.bearer`: accepts GOOD.token; the token `explode` makes it throw. */
@Injectable()
export class BearerVerifier {
  @AsyncOperation('auth.bearer')
  bearer(credentials: BearerCredentials): object | null {
    calls.verifier++;
    if (credentials.token === 'explode') throw new Error('the token service is down');
    return credentials.token === GOOD.token
      ? { user: 'bob', via: credentials.scheme, format: credentials.bearerFormat }
      : null;
  }
}

/** `auth.apiKey` (asynchronous): accepts GOOD.apiKey. */
@Injectable()
export class ApiKeyVerifier {
  @AsyncOperation('auth.apiKey')
  async apiKey(credentials: ApiKeyCredentials): Promise<object | false> {
    calls.verifier++;
    return credentials.apiKey === GOOD.apiKey ? { user: 'carol', via: credentials.scheme } : false;
  }
}

/** `auth.token` (an observable): the token info of TOKENS. */
@Injectable()
export class TokenVerifier {
  @AsyncOperation('auth.token')
  token(credentials: TokenCredentials): Observable<object | undefined> {
    calls.verifier++;
    return of(TOKENS[credentials.token]);
  }
}

/** `auth.scopes`, a custom scope rule: `admin` is granted only to the boss. */
@Injectable()
export class ScopeVerifier {
  @AsyncOperation('auth.scopes')
  scopes(check: ScopeCheck): boolean {
    return (
      (check.principal as { sub?: string }).sub === 'boss' && check.required.every((s) => check.granted.includes(s))
    );
  }
}

/** The principal of the socket that sent the message: what every `whoami` handler acknowledges. */
export function principalOf(socket: Socket): unknown {
  calls.handler++;
  return (socket.data as { principal?: unknown }).principal ?? null;
}

/** The message a refused connection gets, built the way the library builds it. */
export function refusedMessage(namespace: string, failures: SecurityFailure[]): string {
  return new SecurityError(namespace, undefined, failures).message;
}

/** Connects and asserts the refusal: its message and its `data.failures`. */
export async function assertRefused(
  url: string,
  options: Parameters<typeof connectError>[1],
  namespace: string,
  failures: SecurityFailure[],
): Promise<void> {
  const error = await connectError(url, options);
  assert.equal(error.message, refusedMessage(namespace, failures));
  assert.deepEqual((error.data as { failures?: unknown } | undefined)?.failures, failures);
}

export const reason = {
  missing: clientMessages.credentialsMissing,
  malformed: clientMessages.credentialsMalformed,
  rejected: clientMessages.credentialsRejected,
};

/** The handlers of security/http-schemes.yaml: every `whoami` answers with the principal; `connect` records it. */
@Injectable()
export class HttpSchemesHandlers {
  connected: unknown[] = [];

  @AsyncOperation('main.whoami')
  @AsyncOperation('query.whoami')
  @AsyncOperation('header.whoami')
  @AsyncOperation('cookie.whoami')
  whoami(_text: string, socket: Socket): unknown {
    return principalOf(socket);
  }

  @AsyncOperation('main.connect')
  connect(socket: Socket): void {
    calls.connect++;
    this.connected.push((socket.data as { principal?: unknown }).principal);
  }
}
