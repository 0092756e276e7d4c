export * from './document.reader.js';
export * from '../interfaces/spec-problem.interface.js';
export { normalizeNamespace } from './model-v2.builder.js';
export type { CompiledSchema } from './schema.compiler.js';
