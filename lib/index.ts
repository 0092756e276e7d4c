export { AsynctionModule } from './asynction.module.js';
export { AsynctionEmitter } from './asynction.emitter.js';
export { AsyncOperation } from './decorators/index.js';
export * from './errors/index.js';
export type { AsynctionModuleOptions, AsynctionErrorHandler } from './interfaces/asynction-options.interface.js';
export type { ClientError } from './gateway/client-error.js';
export type { OperationPerspective, SpecProblem } from './spec/index.js';
