import type { RateLimitOptions, RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

const minute = 60_000;
const probes = new Set(['/healthz', '/readyz']);
const clientAddress = (request: FastifyRequest) => request.ip;

/**
 * Requests per client address and minute, on every route, counted in `store` before any credential is looked at, so
 * a flood costs no credential check. Health probes are not counted, nor requests `exempt` names. The address is
 * `request.ip`: behind a trusted proxy (TRUSTED_PROXIES), the client's own.
 */
export function perAddressRateLimit(options: {
  perMinute: number;
  store: RateLimitPluginOptions['store'];
  exempt?: (request: FastifyRequest) => boolean;
}): RateLimitPluginOptions {
  const exempt = options.exempt ?? (() => false);
  return {
    global: true,
    max: options.perMinute,
    timeWindow: minute,
    store: options.store,
    keyGenerator: clientAddress,
    allowList: (request) => probes.has(request.url) || exempt(request),
    errorResponseBuilder: throttled,
  };
}

/** A tighter budget per client address for some routes (those that check passwords), counted apart as `groupId`. */
export const perAddressRouteLimit = (perMinute: number, groupId: string): RateLimitOptions => ({
  max: perMinute,
  timeWindow: minute,
  groupId,
  keyGenerator: clientAddress,
  errorResponseBuilder: throttled,
});

/** DRF's throttling answer. The object is thrown, and the error handling turns it into the response. */
function throttled(_request: unknown, context: { ttl: number }) {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return Object.assign(new Error(`Request was throttled. Expected available in ${seconds} seconds.`), { statusCode: 429, code: 'throttled' });
}
