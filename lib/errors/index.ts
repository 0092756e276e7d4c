export * from './asynction.error.js';
export * from './asynction-spec.error.js';
export * from './payload-validation.error.js';
export * from './ack-validation.error.js';
export * from './emit.error.js';
export * from './undeclared-event.error.js';
export * from './broker-unavailable.error.js';
export * from './schema-violation.interface.js';
