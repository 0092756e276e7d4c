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
  allowed?: ReadonlyArray<string | RegExp>,
): Omit<GatewayMetadata, 'namespace'> {
  if (!allowed) return options;
  const exact = new Set(allowed.filter((o): o is string => typeof o === 'string').map(normalize));
  // A global or sticky RegExp remembers where it stopped: test with a stateless copy.
  const patterns = allowed
    .filter((o): o is RegExp => o instanceof RegExp)
    .map((p) => new RegExp(p.source, p.flags.replace(/[gy]/g, '')));
  const next = options.allowRequest as AllowRequest | undefined;
  const allowRequest: AllowRequest = (request, callback) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !exact.has(normalize(origin)) && !patterns.some((p) => p.test(origin))) {
      return callback(clientMessages.originRefused(origin), false);
    }
    if (next) next(request, callback);
    else callback(null, true);
  };
  return { ...options, allowRequest };
}
