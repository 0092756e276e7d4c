export * from './principal.decorator.js';
export type * from './credentials.interface.js';
export { NamespaceGate, type EventGuard } from './namespace.gate.js';
export { SecurityReader } from '../document/security.reader.js';
export { compileHandshakeBindings, BindingsChecker } from './bindings.checker.js';
export { securityHandlers } from './security.handlers.js';
export { withAllowedOrigins } from './origin.guard.js';
