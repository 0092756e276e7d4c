import type { IncomingMessage } from 'node:http';
import type { GatewayMetadata } from '@nestjs/websockets';
import { clientMessages } from '../messages/index.js';

/** engine.io's `allowRequest` server option. */
type AllowRequest = (
  request: IncomingMessage,
  callback: (error: string | null | undefined, success: boolean) => void,
) => void;

/** `https://App.example.com/` and `https://app.example.com` are one origin. */
function normalize(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * Adds an origin allow-list to the generated gateways' socket.io options, as engine.io's `allowRequest`: a handshake
 * (polling or websocket) whose `Origin` is not listed gets HTTP 403. socket.io's `cors` option cannot do this, since
 * a browser does not apply CORS to a websocket upgrade. A request without `Origin` (not a browser) passes: origin
 * checks protect browsers from foreign pages, they do not authenticate. An `allowRequest` already in the options runs
 * after the origin check.
 */
export function withAllowedOrigins(
  options: Omit<GatewayMetadata, 'namespace'>,
  allowed?: AllowedOrigins | (() => AllowedOrigins | undefined),
): Omit<GatewayMetadata, 'namespace'> {
  if (!allowed) return options;
  // forRootAsync knows its origins only once its factory ran, which is before the first request arrives.
  const lookup = typeof allowed === 'function' ? allowed : () => allowed;
  let isAllowed: ((origin: string) => boolean) | null | undefined;
  const next = options.allowRequest as AllowRequest | undefined;
  const allowRequest: AllowRequest = (request, callback) => {
    if (isAllowed === undefined) isAllowed = originMatcher(lookup());
    const origin = request.headers.origin;
    if (origin !== undefined && isAllowed && !isAllowed(origin)) {
      return callback(clientMessages.originRefused(origin), false);
    }
    if (next) next(request, callback);
    else callback(null, true);
  };
  return { ...options, allowRequest };
}

type AllowedOrigins = ReadonlyArray<string | RegExp>;

/** Null when every origin is allowed. */
function originMatcher(allowed: AllowedOrigins | undefined): ((origin: string) => boolean) | null {
  if (!allowed) return null;
  const exact = new Set(allowed.filter((o): o is string => typeof o === 'string').map(normalize));
  // A global or sticky RegExp remembers where it stopped: test with a stateless copy.
  const patterns = allowed
    .filter((o): o is RegExp => o instanceof RegExp)
    .map((p) => new RegExp(p.source, p.flags.replace(/[gy]/g, '')));
  return (origin) => exact.has(normalize(origin)) || patterns.some((p) => p.test(origin));
}
