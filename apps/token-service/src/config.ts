import { clientTypes, defaultMaxTtlHours, emailPattern, usernamePattern, type ClientType, type ExpirySettings } from '@tessera/domain';
import { ConfigError, developmentMode, hostPort, hostPortList, integer, loadConfig, oneOf, optional, pemFile, refuseDevelopmentSettings, secret, text, tlsServer, url } from '@tessera/config';
import { kafkaSecurity } from '@tessera/messaging';
import { telemetryConfigSpec } from '@tessera/telemetry';
import type { LoginThrottleSettings } from './auth/login-throttle.ts';

const hours = (variable: string) => optional(integer(variable, { min: 1, max: 24 * 365 * 10 }));

export const tokenServiceConfigSpec = {
  databaseUrl: url('TOKEN_DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }),
  redisUrl: url('REDIS_URL', { protocols: ['redis:', 'rediss:'] }),
  redisTlsCa: optional(pemFile('REDIS_TLS_CA_FILE')),
  kafkaBrokers: hostPortList('KAFKA_BROKERS'),
  kafkaSecurity: kafkaSecurity(),
  serviceSecret: secret('TESSERA_SERVICE_SECRET', { minLength: 32 }),
  topicPrefix: text('KAFKA_TOPIC_PREFIX', { fallback: 'tessera', pattern: /^[A-Za-z0-9._-]{1,100}$/, hint: 'letters, digits, . _ - only' }),
  redisKeyPrefix: text('REDIS_KEY_PREFIX', { fallback: 'tessera:' }),
  grpcAddress: hostPort('TOKEN_GRPC_ADDRESS', '127.0.0.1:50051'),
  grpcTls: tlsServer('TOKEN_GRPC_TLS'),
  tokenTtlHours: integer('TOKEN_TTL_HOURS', { fallback: 720, min: 1, max: 24 * 365 * 10 }),
  // One year unless configured: a token asked for with no end in mind still ends.
  tokenMaxTtlHours: integer('TOKEN_MAX_TTL_HOURS', { fallback: defaultMaxTtlHours, min: 1, max: 24 * 365 * 10 }),
  adminKeysForOtherAdmins: oneOf('ADMIN_KEYS_FOR_OTHER_ADMINS', ['forbid', 'allow'], 'forbid'),
  ...Object.fromEntries(clientTypes.map((type) => [`ttlHours_${type}`, hours(`TOKEN_TTL_HOURS_${type.toUpperCase()}`)])),
  // Failed logins are counted in Redis, shared by every instance (ADR 5).
  loginMaxFailures: integer('LOGIN_MAX_FAILURES', { fallback: 5, min: 1, max: 1_000 }),
  loginAccountMaxFailures: optional(integer('LOGIN_ACCOUNT_MAX_FAILURES', { min: 2, max: 100_000 })),
  loginLockoutMinutes: integer('LOGIN_LOCKOUT_MINUTES', { fallback: 30, min: 1, max: 7 * 24 * 60 }),
  loginThrottleWithoutRedis: oneOf('LOGIN_THROTTLE_WITHOUT_REDIS', ['refuse', 'allow'], 'refuse'),
  cacheTtlSeconds: integer('VALIDATION_CACHE_TTL_SECONDS', { fallback: 60, min: 1, max: 3600 }),
  // Required, not derived: TESSERA_SERVICE_SECRET is held by every caller of the token service, and this key must be
  // held by the token services alone, or whoever holds it could forge the roles cached in Redis.
  cacheHmacKey: secret('VALIDATION_CACHE_HMAC_KEY', { minLength: 32 }),
  usageFlushMs: integer('USAGE_FLUSH_MS', { fallback: 1000, min: 50, max: 60_000 }),
  invalidationLeaseMs: integer('INVALIDATION_LEASE_MS', { fallback: 500, min: 50, max: 10_000 }),
  localCacheEntries: integer('LOCAL_CACHE_ENTRIES', { fallback: 100_000, min: 1, max: 10_000_000 }),
  bootstrapAdminUsername: optional(text('TESSERA_BOOTSTRAP_ADMIN_USERNAME', { pattern: new RegExp(usernamePattern), hint: '1 to 150 letters, digits or . @ + - _' })),
  bootstrapAdminPassword: optional(secret('TESSERA_BOOTSTRAP_ADMIN_PASSWORD', { minLength: 12 })),
  bootstrapAdminEmail: optional(text('TESSERA_BOOTSTRAP_ADMIN_EMAIL', { pattern: new RegExp(emailPattern), hint: 'an email address' })),
  ...telemetryConfigSpec,
  developmentMode,
};

export function loadTokenServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(tokenServiceConfigSpec, env) as ReturnType<typeof loadConfig<typeof tokenServiceConfigSpec>> &
    Record<`ttlHours_${ClientType}`, number | undefined>;
  refuseDevelopmentSettings(config.developmentMode, {
    secrets: { TESSERA_SERVICE_SECRET: config.serviceSecret, TESSERA_BOOTSTRAP_ADMIN_PASSWORD: config.bootstrapAdminPassword },
    plaintext: config.grpcTls
      ? []
      : ['TOKEN_GRPC_TLS_CERT and TOKEN_GRPC_TLS_KEY are not set, so the gRPC API would take passwords, tokens and the service secret in clear text: set them']
  });
  const perClientTypeTtlHours: ExpirySettings['perClientTypeTtlHours'] = {};
  for (const type of clientTypes) {
    const value = config[`ttlHours_${type}`];
    if (value !== undefined) perClientTypeTtlHours[type] = value;
  }
  const expiry: ExpirySettings = { defaultTtlHours: config.tokenTtlHours, perClientTypeTtlHours, maxTtlHours: config.tokenMaxTtlHours };
  // An account limit at or below the address's would let one address lock the account everywhere.
  const accountMaxFailures = config.loginAccountMaxFailures ?? 4 * config.loginMaxFailures;
  if (accountMaxFailures <= config.loginMaxFailures) {
    throw new ConfigError([`LOGIN_ACCOUNT_MAX_FAILURES (${accountMaxFailures}) must be higher than LOGIN_MAX_FAILURES (${config.loginMaxFailures}).`]);
  }
  const loginThrottle: LoginThrottleSettings = {
    addressMaxFailures: config.loginMaxFailures,
    accountMaxFailures,
    lockoutSeconds: config.loginLockoutMinutes * 60,
    withoutRedis: config.loginThrottleWithoutRedis,
  };
  return { ...config, expiry, loginThrottle };
}
export type TokenServiceConfig = ReturnType<typeof loadTokenServiceConfig>;
