/**
 * Parsers for credentials as clients send them. Each answers with the credential, `MALFORMED`, or `undefined` when
 * there is nothing to parse; none throws, whatever the client sent.
 */

/** A credential is present but cannot be read. */
export const MALFORMED: unique symbol = Symbol('asynction:malformed');
export type Malformed = typeof MALFORMED;

/** `Authorization: <scheme word> <value>`, the word lower-cased. */
export interface AuthorizationHeader {
  word: string;
  value: string;
}

/** RFC 9110 `auth-scheme` (a token), one or more spaces, then the credentials. */
const AUTHORIZATION = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) +([^ ].*)$/;
/** RFC 9110 `token68`: what a bearer token (and a basic credential) is made of. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// eslint-disable-next-line no-control-regex -- control characters are what this pattern looks for
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Authentication scheme words registered with IANA: a credential of another scheme, not a malformed one. */
const KNOWN_WORDS: ReadonlySet<string> = new Set([
  'basic',
  'bearer',
  'concealed',
  'digest',
  'dpop',
  'gnap',
  'hoba',
  'mutual',
  'negotiate',
  'ntlm',
  'oauth',
  'privatetoken',
  'scram-sha-1',
  'scram-sha-256',
  'vapid',
]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseAuthorization(header: string | string[] | undefined): AuthorizationHeader | Malformed | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? AUTHORIZATION.exec(header.trim()) : null;
  if (!match) return MALFORMED;
  const word = match[1].toLowerCase();
  return KNOWN_WORDS.has(word) ? { word, value: match[2] } : MALFORMED;
}

/** `Basic base64(user:password)`: strict base64 of UTF-8, a colon, neither part empty nor with control characters. */
export function parseBasic(value: string): { username: string; password: string } | Malformed {
  if (value.length === 0 || !BASE64.test(value)) return MALFORMED;
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(value, 'base64'));
  } catch {
    return MALFORMED;
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1 || CONTROL.test(decoded)) return MALFORMED;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A bearer token (header value or `handshake.auth.token`). */
export function parseToken(value: unknown): string | Malformed {
  return typeof value === 'string' && TOKEN68.test(value) ? value : MALFORMED;
}

/** A non-empty string without control characters (query parameter, header, cookie, `handshake.auth` field). */
export function parseText(value: unknown): string | Malformed {
  return typeof value === 'string' && value.length > 0 && !CONTROL.test(value) ? value : MALFORMED;
}

/** The first cookie called `name` in a `Cookie` header (RFC 6265), unquoted and percent-decoded when it is. */
export function parseCookie(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}
