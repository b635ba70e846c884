import type { RateLimitOptions, RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { perAddressRateLimit, perAddressRouteLimit } from '@tessera/http';
import { sharedBudgetStore } from '@tessera/redis';

/**
 * Requests per client IP and minute, shared by every gateway instance through Redis without a round trip per
 * request (shared-budget-store.ts). Redis away leaves each instance counting alone.
 */
export const rateLimitOptions = (redis: Redis, perMinute: number, reportMs: number): RateLimitPluginOptions =>
  perAddressRateLimit({ perMinute, store: sharedBudgetStore(redis, { reportMs, nameSpace: 'rate-limit:' }) });

/** A tighter budget for the routes that check passwords: guessing across many accounts from one address. */
export const loginRateLimit = (perMinute: number): RateLimitOptions => perAddressRouteLimit(perMinute, 'login');
