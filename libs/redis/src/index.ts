export { connectRedis, createRedis, type RedisEndpoint } from './redis.ts';
export { createInvalidationAnnouncer, listenForInvalidations, type InvalidationAnnouncer, type InvalidationBusOptions, type InvalidationListener } from './invalidation-bus.ts';
export { startLocalCache, type LocalCache } from './local-cache.ts';
export { sharedBudgetStore } from './shared-budget-store.ts';
