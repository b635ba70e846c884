import type { RateLimitOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { perAddressRouteLimit } from '@tessera/http';
import { sharedBudgetStore } from '@tessera/redis';

/**
 * Where the requests per client IP and minute are counted: shared by every gateway instance through Redis without a
 * round trip per request (shared-budget-store.ts). Redis away leaves each instance counting alone.
 */
export const sharedRateLimitStore = (redis: Redis, reportMs: number) => sharedBudgetStore(redis, { reportMs, nameSpace: 'rate-limit:' });

/** A tighter budget for the routes that check passwords: guessing across many accounts from one address. */
export const loginRateLimit = (perMinute: number): RateLimitOptions => perAddressRouteLimit(perMinute, 'login');
