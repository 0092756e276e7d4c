export * from './principal.decorator.js';
export type * from './credentials.interface.js';
export { NamespaceGate, type EventGuard } from './namespace.gate.js';
export { securityHandlers } from './security.handlers.js';
export { withAllowedOrigins } from './origin.guard.js';
