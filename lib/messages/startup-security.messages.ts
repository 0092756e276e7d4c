/** Startup problems of security schemes and handshake bindings, each `{ message, fix }`. */
import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import { where } from './startup-format.messages.js';

export const securityStartupMessages = {
  // Security and handshake bindings (lib/security/)
  securityRequirementInvalid: () => ({
    message: 'this security list is not what AsyncAPI defines',
    fix:
      'write a list of requirements: 2.x "- scheme: []" (scopes in the array), 3.x "- $ref: ' +
      "'#/components/securitySchemes/<name>'\"",
  }),
  securitySchemeUndeclared: (name: string, declared: readonly string[]) => ({
    message: `security requirement names scheme "${name}", which is not declared under "components.securitySchemes"`,
    fix:
      `declare "${name}" under "components.securitySchemes", or use one of: ` +
      `${declared.join(', ') || '(none declared)'}`,
  }),
  securityScopeUndeclared: (scope: string, scheme: string, available: readonly string[]) => ({
    message: `scope "${scope}" is not one of the scopes of oauth2 security scheme "${scheme}"`,
    fix:
      `use one of: ${available.join(', ') || '(the scheme declares no scopes)'}, or add "${scope}" to the scopes ` +
      `of the scheme's flows`,
  }),
  securityScopesNotAllowed: (scheme: string, type: string) => ({
    message:
      `the requirement lists scopes for "${scheme}", a ${type} scheme; only oauth2 and openIdConnect ` +
      `requirements carry scopes`,
    fix: `require "${scheme}" with an empty list of scopes`,
  }),
  securityTypeUnsupported: (scheme: string, type: string) => ({
    message:
      `security scheme "${scheme}" has type "${type || '(none)'}", which cannot be checked on a socket.io ` +
      `connection`,
    fix:
      'use http (basic or bearer), httpApiKey, apiKey, userPassword, oauth2 or openIdConnect, or select a server ' +
      'that does not require it (option serverName)',
  }),
  securityHttpSchemeUnsupported: (scheme: string, httpScheme: string) => ({
    message: `http security scheme "${scheme}" uses "${httpScheme}", which cannot be checked on a socket.io connection`,
    fix: 'use "scheme: basic" or "scheme: bearer"',
  }),
  securityVerifierMissing: (scheme: string, extension: string) => ({
    message: `security scheme "${scheme}" names no method to verify its credentials`,
    fix: `add "${extension}: <id>" to the scheme and decorate the verifying method with @AsyncOperation('<id>')`,
  }),
  serversSecurityDiffer: (servers: readonly string[]) => ({
    message:
      `the servers (${servers.map((s) => `"${s}"`).join(', ')}) require different security, and no serverName ` +
      `option says which one this application is`,
    fix: `set serverName in AsynctionModule.forRoot options to one of: ${servers.join(', ')}`,
  }),
  channelSettingsDiffer: (namespace: string, other: SourceLocation) => ({
    message:
      `two channels of namespace "${namespace}" set different connection rules (also at ${where(other)}); one ` +
      `socket.io handshake cannot satisfy both`,
    fix: 'declare "x-security" and "bindings.ws" on one channel of the namespace, or make them identical',
  }),
  bindingsMethodInvalid: (method: unknown) => ({
    message: `the WebSockets binding has "method: ${String(method)}"`,
    fix: 'use GET (socket.io handshakes are GET requests) or remove "method"',
  }),
  bindingsSchemaNotObject: (field: string) => ({
    message: `the WebSockets binding's "${field}" is not an object schema`,
    fix: `describe the ${field === 'query' ? 'query parameters' : 'headers'} as "type: object" with "properties"`,
  }),
} as const;
