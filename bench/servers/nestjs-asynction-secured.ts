/**
 * Variant `nestjs-asynction-secured`: the bench document with connection security added (an http bearer scheme on
 * `/bench`, the token sent as `auth.token`), verified asynchronously: tokens starting with `good-` are admitted,
 * anything else is refused. Used by the connection-storm bench (bench/storm.ts).
 */
import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { load } from 'js-yaml';
import { AsyncOperation, type BearerCredentials } from '../../lib/index.js';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { OrderHandlers, serveBench } from './nestjs-asynction.js';

export const description = 'nestjs-asynction with a bearer token checked asynchronously on every connection';

@Injectable()
class TokenVerifier {
  @AsyncOperation('storm.verify')
  async verify({ token }: BearerCredentials): Promise<object | null> {
    await new Promise((resolve) => setImmediate(resolve)); // a lookup elsewhere
    return token.startsWith('good-') ? { user: token } : null;
  }
}

/** The bench document, parsed, with `/bench` held to the bearer scheme. */
function securedDocument(path: string): object {
  const document = load(readFileSync(path, 'utf8')) as {
    channels: Record<string, Record<string, unknown>>;
    components?: Record<string, unknown>;
  };
  document.channels['/bench']!['x-security'] = [{ bearer: [] }];
  document.components = {
    ...document.components,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', 'x-bearerInfoFunc': 'storm.verify' } },
  };
  return document;
}

export const start = (opts: BenchServerOptions): Promise<BenchServerHandle> =>
  serveBench([OrderHandlers, TokenVerifier], opts, { spec: securedDocument(opts.asyncapiPath) });
