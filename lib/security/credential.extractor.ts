import type { Socket } from '../interfaces/socket-io.interface.js';
import type { SecuritySchemeModel } from '../interfaces/asyncapi-model.interface.js';
import { isRecord } from '../document/json-pointer.js';
import {
  MALFORMED,
  parseAuthorization,
  parseBasic,
  parseCookie,
  parseText,
  parseToken,
  type Malformed,
} from './credential.parsers.js';
import type {
  ApiKeyCredentials,
  BasicCredentials,
  BearerCredentials,
  TokenCredentials,
} from './credentials.interface.js';

type Handshake = Socket['handshake'];

export type Credentials = BasicCredentials | BearerCredentials | ApiKeyCredentials | TokenCredentials;

/** The credential a scheme reads from a handshake: found, absent (`undefined`), or present but unreadable. */
export type Extraction = Credentials | Malformed | undefined;

/** An own field of `handshake.auth`, so a client cannot name an inherited property. */
function authField(handshake: Handshake, field: string): unknown {
  const auth: unknown = handshake.auth;
  return isRecord(auth) && Object.hasOwn(auth, field) ? auth[field] : undefined;
}

/** Browsers cannot set headers on the websocket transport, so a bearer token may also travel as `auth.token`. */
function bearerToken(handshake: Handshake): string | Malformed | undefined {
  const header = parseAuthorization(handshake.headers.authorization);
  if (header !== undefined && header !== MALFORMED && header.word === 'bearer') return parseToken(header.value);
  const token = authField(handshake, 'token');
  if (token !== undefined) return parseToken(token);
  return header === MALFORMED ? MALFORMED : undefined;
}

function apiKeyValue(scheme: SecuritySchemeModel, handshake: Handshake): unknown {
  const name = scheme.paramName ?? '';
  switch (scheme.in) {
    case 'query':
      return Object.hasOwn(handshake.query, name) ? handshake.query[name] : undefined;
    case 'header':
      return Object.hasOwn(handshake.headers, name.toLowerCase()) ? handshake.headers[name.toLowerCase()] : undefined;
    case 'cookie':
      return parseCookie(handshake.headers.cookie, name);
    default:
      return authField(handshake, scheme.in ?? '');
  }
}

/** Reads the credential `scheme` asks for from where the scheme says it travels. Never throws. */
export function extractCredentials(scheme: SecuritySchemeModel, handshake: Handshake): Extraction {
  const name = scheme.name;
  switch (scheme.type === 'http' ? `http ${scheme.httpScheme}` : scheme.type) {
    case 'http basic': {
      const header = parseAuthorization(handshake.headers.authorization);
      if (header === undefined || header === MALFORMED) return header;
      if (header.word !== 'basic') return undefined;
      const parsed = parseBasic(header.value);
      return parsed === MALFORMED ? MALFORMED : { scheme: name, ...parsed };
    }
    case 'http bearer': {
      const token = bearerToken(handshake);
      if (typeof token !== 'string') return token;
      return scheme.bearerFormat === undefined
        ? { scheme: name, token }
        : { scheme: name, token, bearerFormat: scheme.bearerFormat };
    }
    case 'oauth2':
    case 'openIdConnect': {
      const token = bearerToken(handshake);
      return typeof token === 'string' ? { scheme: name, token } : token;
    }
    case 'httpApiKey':
    case 'apiKey': {
      const value = apiKeyValue(scheme, handshake);
      if (value === undefined) return undefined;
      const apiKey = parseText(value);
      return apiKey === MALFORMED ? MALFORMED : { scheme: name, apiKey };
    }
    case 'userPassword': {
      const user = authField(handshake, 'user');
      const password = authField(handshake, 'password');
      if (user === undefined && password === undefined) return undefined;
      const username = parseText(user);
      const secret = parseText(password);
      return username === MALFORMED || secret === MALFORMED ? MALFORMED : { scheme: name, username, password: secret };
    }
    default:
      return undefined;
  }
}
