export * from './asynction-options.interface.js';
export * from './asyncapi-model.interface.js';
