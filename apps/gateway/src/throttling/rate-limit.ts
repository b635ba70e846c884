import type { RateLimitOptions, RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

const minute = 60_000;
const probes = new Set(['/healthz', '/readyz']);

/**
 * Requests per client IP and minute, counted in Redis so every gateway instance shares one budget. Health probes
 * are not counted. Redis away lets requests through rather than refusing everyone (skipOnError).
 */
export function rateLimitOptions(redis: Redis, perMinute: number): RateLimitPluginOptions {
  return {
    global: true,
    max: perMinute,
    timeWindow: minute,
    redis,
    nameSpace: 'rate-limit:',
    skipOnError: true,
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
