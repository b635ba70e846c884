import { hostPort, hostPortList, integer, loadConfig, optional, secret, text, url } from '@tessera/config';

export const tokenServiceConfigSpec = {
  databaseUrl: url('TOKEN_DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }),
  redisUrl: url('REDIS_URL', { protocols: ['redis:', 'rediss:'] }),
  kafkaBrokers: hostPortList('KAFKA_BROKERS'),
  topicPrefix: text('KAFKA_TOPIC_PREFIX', { fallback: 'tessera', pattern: /^[A-Za-z0-9._-]{1,100}$/, hint: 'letters, digits, . _ - only' }),
  redisKeyPrefix: text('REDIS_KEY_PREFIX', { fallback: 'tessera:' }),
  grpcAddress: hostPort('TOKEN_GRPC_ADDRESS', '127.0.0.1:50051'),
  tokenTtlHours: integer('TOKEN_TTL_HOURS', { fallback: 720, min: 1, max: 24 * 365 * 10 }),
  bootstrapAdminUsername: optional(text('TESSERA_BOOTSTRAP_ADMIN_USERNAME', { pattern: /^[\w.@+-]{1,150}$/, hint: '1 to 150 letters, digits or . @ + - _' })),
  bootstrapAdminPassword: optional(secret('TESSERA_BOOTSTRAP_ADMIN_PASSWORD', { minLength: 12 })),
  bootstrapAdminEmail: optional(text('TESSERA_BOOTSTRAP_ADMIN_EMAIL', { pattern: /^[^\s@]+@[^\s@]+$/, hint: 'an email address' })),
};

export const loadTokenServiceConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(tokenServiceConfigSpec, env);
export type TokenServiceConfig = ReturnType<typeof loadTokenServiceConfig>;
