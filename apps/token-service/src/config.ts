import { clientTypes, emailPattern, usernamePattern, type ClientType, type ExpirySettings } from '@tessera/domain';
import { developmentMode, hostPort, hostPortList, integer, loadConfig, optional, refuseDevelopmentSettings, secret, text, tlsServer, url } from '@tessera/config';
import { kafkaSecurity } from '@tessera/messaging';

const hours = (variable: string) => optional(integer(variable, { min: 1, max: 24 * 365 * 10 }));

export const tokenServiceConfigSpec = {
  databaseUrl: url('TOKEN_DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }),
  redisUrl: url('REDIS_URL', { protocols: ['redis:', 'rediss:'] }),
  kafkaBrokers: hostPortList('KAFKA_BROKERS'),
  kafkaSecurity: kafkaSecurity(),
  serviceSecret: secret('TESSERA_SERVICE_SECRET', { minLength: 32 }),
  topicPrefix: text('KAFKA_TOPIC_PREFIX', { fallback: 'tessera', pattern: /^[A-Za-z0-9._-]{1,100}$/, hint: 'letters, digits, . _ - only' }),
  redisKeyPrefix: text('REDIS_KEY_PREFIX', { fallback: 'tessera:' }),
  grpcAddress: hostPort('TOKEN_GRPC_ADDRESS', '127.0.0.1:50051'),
  grpcTls: tlsServer('TOKEN_GRPC_TLS'),
  tokenTtlHours: integer('TOKEN_TTL_HOURS', { fallback: 720, min: 1, max: 24 * 365 * 10 }),
  tokenMaxTtlHours: hours('TOKEN_MAX_TTL_HOURS'),
  ...Object.fromEntries(clientTypes.map((type) => [`ttlHours_${type}`, hours(`TOKEN_TTL_HOURS_${type.toUpperCase()}`)])),
  cacheTtlSeconds: integer('VALIDATION_CACHE_TTL_SECONDS', { fallback: 60, min: 1, max: 3600 }),
  usageFlushMs: integer('USAGE_FLUSH_MS', { fallback: 1000, min: 50, max: 60_000 }),
  invalidationLeaseMs: integer('INVALIDATION_LEASE_MS', { fallback: 500, min: 50, max: 10_000 }),
  localCacheEntries: integer('LOCAL_CACHE_ENTRIES', { fallback: 100_000, min: 1, max: 10_000_000 }),
  bootstrapAdminUsername: optional(text('TESSERA_BOOTSTRAP_ADMIN_USERNAME', { pattern: new RegExp(usernamePattern), hint: '1 to 150 letters, digits or . @ + - _' })),
  bootstrapAdminPassword: optional(secret('TESSERA_BOOTSTRAP_ADMIN_PASSWORD', { minLength: 12 })),
  bootstrapAdminEmail: optional(text('TESSERA_BOOTSTRAP_ADMIN_EMAIL', { pattern: new RegExp(emailPattern), hint: 'an email address' })),
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
  const expiry: ExpirySettings = { defaultTtlHours: config.tokenTtlHours, perClientTypeTtlHours };
  if (config.tokenMaxTtlHours !== undefined) expiry.maxTtlHours = config.tokenMaxTtlHours;
  return { ...config, expiry };
}
export type TokenServiceConfig = ReturnType<typeof loadTokenServiceConfig>;
