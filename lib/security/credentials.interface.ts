/**
 * What the verifying methods named by a security scheme receive (first argument; the socket.io `Socket` is the
 * second). A method returns the principal (any value but `undefined`, `null` or `false`), or a promise or observable
 * of it; anything else, or a throw, refuses the credential.
 */

/** `x-basicInfoFunc`: `http` scheme `basic` (the `Authorization` header) and `userPassword` (`handshake.auth`). */
export interface BasicCredentials {
  /** The scheme's name in the document. */
  scheme: string;
  username: string;
  password: string;
}

/** `x-bearerInfoFunc`: `http` scheme `bearer` (`Authorization: Bearer <token>` or `handshake.auth.token`). */
export interface BearerCredentials {
  scheme: string;
  token: string;
  /** The scheme's `bearerFormat`, when it declares one. */
  bearerFormat?: string;
}

/** `x-apiKeyInfoFunc`: `httpApiKey` (query, header or cookie) and `apiKey` (`handshake.auth.user` / `.password`). */
export interface ApiKeyCredentials {
  scheme: string;
  apiKey: string;
}

/**
 * `x-tokenInfoFunc`: `oauth2` and `openIdConnect` (a bearer token). The returned token info is the principal; its
 * `scopes` (array) or `scope` (space-separated string or array) are the granted scopes.
 */
export interface TokenCredentials {
  scheme: string;
  token: string;
}

/** `x-scopeValidateFunc`: decides whether the granted scopes satisfy the required ones (return `true`). */
export interface ScopeCheck {
  scheme: string;
  required: readonly string[];
  granted: readonly string[];
  /** What the scheme's verifying method returned. */
  principal: unknown;
}
