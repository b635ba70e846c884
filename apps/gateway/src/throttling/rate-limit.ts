import type { RateLimitOptions, RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { sharedBudgetStore } from './shared-budget-store.ts';

const minute = 60_000;
const probes = new Set(['/healthz', '/readyz']);

/**
 * Requests per client IP and minute, shared by every gateway instance through Redis without a round trip per
 * request (shared-budget-store.ts). Health probes are not counted. Redis away leaves each instance counting alone.
 */
export function rateLimitOptions(redis: Redis, perMinute: number, reportMs: number): RateLimitPluginOptions {
  return {
    global: true,
    max: perMinute,
    timeWindow: minute,
    store: sharedBudgetStore(redis, { reportMs, nameSpace: 'rate-limit:' }),
    keyGenerator: (request) => request.ip,
    allowList: (request) => probes.has(request.url),
    errorResponseBuilder: throttled,
  };
}

/** A tighter budget for the routes that check passwords: guessing across many accounts from one address. */
export const loginRateLimit = (perMinute: number): RateLimitOptions => ({
  max: perMinute,
  timeWindow: minute,
  groupId: 'login',
  keyGenerator: (request) => request.ip,
  errorResponseBuilder: throttled,
});

/** DRF's throttling answer. The object is thrown, and the gateway's error mapping turns it into the response. */
function throttled(_request: unknown, context: { ttl: number }) {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return Object.assign(new Error(`Request was throttled. Expected available in ${seconds} seconds.`), { statusCode: 429, code: 'throttled' });
}
