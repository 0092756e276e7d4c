export * from './redis.broker.js';
export * from './redis-io.adapter.js';
export * from './redis.providers.js';
