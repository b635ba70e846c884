import { Type } from 'typebox';
import { defaultMaxTtlHours } from '@tessera/domain';
import { cidrList, ConfigError, developmentMode, hostPort, integer, json, loadConfig, optional, pemFile, refuseDevelopmentSettings, secret, text, tlsClient, url } from '@tessera/config';
import { telemetryConfigSpec } from '@tessera/telemetry';
import { refuseTlsToIpAddress, tokenServicePlaintext, tokenServiceTls } from '@tessera/token-service-client';
import { OAuth2Provider } from './providers/providers.ts';
import { ProxyRoutes } from './proxy/proxy-routes.ts';
import { signingKey } from './proxy/identity-assertions.ts';

export const gatewayConfigSpec = {
  httpAddress: hostPort('GATEWAY_HTTP_ADDRESS', '127.0.0.1:8080'),
  // A TLS terminator or load balancer in front: its X-Forwarded-For names the client. None by default.
  trustedProxies: cidrList('TRUSTED_PROXIES', []),
  tokenServiceAddress: hostPort('TOKEN_SERVICE_ADDRESS', '127.0.0.1:50051'),
  serviceSecret: secret('TESSERA_SERVICE_SECRET', { minLength: 32 }),
  tokenServiceTimeoutMs: integer('TOKEN_SERVICE_TIMEOUT_MS', { fallback: 5_000, min: 100, max: 60_000 }),
  tokenServiceTls,
  // Where token lists get last_used_at from; while it cannot answer, they show last use as unknown.
  auditServiceUrl: url('AUDIT_SERVICE_URL', { protocols: ['http:', 'https:'], fallback: 'http://127.0.0.1:8081' }),
  // The same setting as the token service's, so the OpenAPI document states the longest lifetime a token may ask for.
  tokenMaxTtlHours: integer('TOKEN_MAX_TTL_HOURS', { fallback: defaultMaxTtlHours, min: 1, max: 24 * 365 * 10 }),
  auditTimeoutMs: integer('AUDIT_SERVICE_TIMEOUT_MS', { fallback: 1_000, min: 50, max: 30_000 }),
  // Used for an https: AUDIT_SERVICE_URL; without AUDIT_SERVICE_TLS_CA the system's CAs are trusted.
  auditServiceTls: tlsClient('AUDIT_SERVICE_TLS'),
  // Rate limits are counted in Redis, shared by every gateway instance (failed logins are the token service's, ADR 5).
  redisUrl: url('REDIS_URL', { protocols: ['redis:', 'rediss:'] }),
  redisTlsCa: optional(pemFile('REDIS_TLS_CA_FILE')),
  redisKeyPrefix: text('REDIS_KEY_PREFIX', { fallback: 'tessera:' }),
  // The gateway's memory of valid credentials, emptied by the token service's acknowledged invalidations (ADR 8).
  invalidationLeaseMs: integer('INVALIDATION_LEASE_MS', { fallback: 500, min: 50, max: 10_000 }),
  localCacheEntries: integer('LOCAL_CACHE_ENTRIES', { fallback: 100_000, min: 1, max: 10_000_000 }),
  localCacheSeconds: integer('VALIDATION_CACHE_TTL_SECONDS', { fallback: 60, min: 1, max: 3600 }),
  usageReportMs: integer('GATEWAY_USAGE_REPORT_MS', { fallback: 250, min: 10, max: 60_000 }),
  rateLimitReportMs: integer('GATEWAY_RATE_LIMIT_REPORT_MS', { fallback: 100, min: 10, max: 10_000 }),
  rateLimitPerMinute: integer('GATEWAY_RATE_LIMIT_PER_MINUTE', { fallback: 600, min: 1, max: 1_000_000_000 }),
  loginRateLimitPerMinute: integer('GATEWAY_LOGIN_RATE_LIMIT_PER_MINUTE', { fallback: 30, min: 1, max: 1_000_000 }),
  // Console and Frappe sessions (ADR 12): in seconds, so that a test can make them short. 30 minutes and 12 hours.
  sessionIdleSeconds: integer('GATEWAY_SESSION_IDLE_SECONDS', { fallback: 30 * 60, min: 1, max: 7 * 24 * 3600 }),
  sessionMaxSeconds: integer('GATEWAY_SESSION_MAX_SECONDS', { fallback: 12 * 3600, min: 1, max: 30 * 24 * 3600 }),
  oauth2Providers: json('GATEWAY_OAUTH2_PROVIDERS', Type.Array(OAuth2Provider, { maxItems: 20 }), []),
  proxyRoutes: json('GATEWAY_PROXY_ROUTES', ProxyRoutes, []),
  identitySigningKey: signingKey('GATEWAY_IDENTITY_SIGNING_KEY'),
  ...telemetryConfigSpec,
  developmentMode,
};

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(gatewayConfigSpec, env);
  const auditOverTls = new URL(config.auditServiceUrl).protocol === 'https:';
  if (!auditOverTls && Object.keys(config.auditServiceTls).length > 0) {
    throw new ConfigError(['AUDIT_SERVICE_TLS_CA, _CERT and _KEY apply to an https: AUDIT_SERVICE_URL only: make it https:, or unset them.']);
  }
  refuseTlsToIpAddress(config.tokenServiceAddress, config.tokenServiceTls);
  refuseDevelopmentSettings(config.developmentMode, {
    secrets: { TESSERA_SERVICE_SECRET: config.serviceSecret },
    plaintext: [
      ...(config.tokenServiceTls ? [] : [tokenServicePlaintext]),
      ...(auditOverTls ? [] : ['AUDIT_SERVICE_URL is http:, so calls to the audit service would carry the service secret in clear text: make it https: (with AUDIT_SERVICE_TLS_CA for an internal CA)']),
    ],
  });
  return config;
}
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
