export * from './startup.messages.js';
export * from './client.messages.js';
export * from './log.messages.js';
export { officialSchemaProblem } from './official-schema.messages.js';
export * from './testing.messages.js';
