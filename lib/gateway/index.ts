export * from './asynction.runtime.js';
export * from './gateway.factory.js';
export * from './handler.factory.js';
export type { ClientError } from './client-error.js';
