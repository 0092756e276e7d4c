export * from './async-operation.decorator.js';
