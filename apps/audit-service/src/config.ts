import { cidrList, developmentMode, hostPort, hostPortList, integer, loadConfig, optional, pemFile, refuseDevelopmentSettings, secret, text, tlsServer, url } from '@tessera/config';
import { kafkaSecurity } from '@tessera/messaging';
import { telemetryConfigSpec } from '@tessera/telemetry';
import { refuseTlsToIpAddress, tokenServicePlaintext, tokenServiceTls } from '@tessera/token-service-client';

/** What the projections need: the rebuild command reads these and nothing else. */
export const projectionConfigSpec = {
  databaseUrl: url('AUDIT_DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }),
  kafkaBrokers: hostPortList('KAFKA_BROKERS'),
  kafkaSecurity: kafkaSecurity(),
  topicPrefix: text('KAFKA_TOPIC_PREFIX', { fallback: 'tessera', pattern: /^[A-Za-z0-9._-]{1,100}$/, hint: 'letters, digits, . _ - only' }),
  consumerGroup: text('AUDIT_CONSUMER_GROUP', { fallback: 'tessera-audit', pattern: /^[A-Za-z0-9._-]{1,200}$/, hint: 'letters, digits, . _ - only' }),
};

export const auditConfigSpec = {
  ...projectionConfigSpec,
  httpAddress: hostPort('AUDIT_HTTP_ADDRESS', '127.0.0.1:8081'),
  // How long a counted usage event's id is kept to recognise a copy of it (usage-dedupe-retention.ts says why days).
  usageDedupeRetentionDays: integer('AUDIT_USAGE_DEDUPE_RETENTION_DAYS', { fallback: 7, min: 1, max: 3_650 }),
  // A TLS terminator or load balancer in front: its X-Forwarded-For names the client. None by default.
  trustedProxies: cidrList('TRUSTED_PROXIES', []),
  // Unauthenticated floods are refused per address before they cost a Validate; the budget is shared through Redis.
  rateLimitPerMinute: integer('AUDIT_RATE_LIMIT_PER_MINUTE', { fallback: 600, min: 1, max: 1_000_000_000 }),
  // Live streams end as soon as the token service announces their credential's revocation (ADR 8).
  redisUrl: url('REDIS_URL', { protocols: ['redis:', 'rediss:'] }),
  redisTlsCa: optional(pemFile('REDIS_TLS_CA_FILE')),
  redisKeyPrefix: text('REDIS_KEY_PREFIX', { fallback: 'tessera:' }),
  invalidationLeaseMs: integer('INVALIDATION_LEASE_MS', { fallback: 500, min: 50, max: 10_000 }),
  httpTls: tlsServer('AUDIT_HTTP_TLS'),
  // /readyz fails once the consumer has held one batch, or gone without a broker's answer, this long.
  consumerStalledAfterSeconds: integer('AUDIT_CONSUMER_STALLED_AFTER_SECONDS', { fallback: 30, min: 1, max: 3_600 }),
  serviceSecret: secret('TESSERA_SERVICE_SECRET', { minLength: 32 }),
  // The query API checks admin credentials there; the projections need nothing of it.
  tokenServiceAddress: hostPort('TOKEN_SERVICE_ADDRESS', '127.0.0.1:50051'),
  tokenServiceTimeoutMs: integer('TOKEN_SERVICE_TIMEOUT_MS', { fallback: 5_000, min: 100, max: 60_000 }),
  tokenServiceTls,
  ...telemetryConfigSpec,
  developmentMode,
};

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(auditConfigSpec, env);
  refuseTlsToIpAddress(config.tokenServiceAddress, config.tokenServiceTls);
  refuseDevelopmentSettings(config.developmentMode, {
    secrets: { TESSERA_SERVICE_SECRET: config.serviceSecret },
    plaintext: [
      ...(config.httpTls ? [] : ['AUDIT_HTTP_TLS_CERT and AUDIT_HTTP_TLS_KEY are not set, so the query API would take the service secret and admin credentials in clear text: set them']),
      ...(config.tokenServiceTls ? [] : [tokenServicePlaintext]),
    ],
  });
  return config;
}

