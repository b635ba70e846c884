import { ConfigError, findUp } from '@tessera/config';
import { loadTesseraProto, tokenTopicPartitions, tokenTopics } from '@tessera/contracts';
import { createKafkaClient } from '@tessera/messaging';
import { assertReachable, createPool, migrate } from '@tessera/postgres';
import { configOrExit, createLogger, runService, startTelemetry } from '@tessera/telemetry';
import { createLoginThrottle } from './auth/login-throttle.ts';
import { loadTokenServiceConfig } from './config.ts';
import { createPasswordHasher } from './credentials/password-hasher.ts';
import { enqueueInOutbox } from './event-store/outbox.ts';
import { startOutboxRelay } from './event-store/outbox-relay.ts';
import { PostgresEventStore } from './event-store/postgres-event-store.ts';
import { apiKeyService } from './grpc/api-key.service.ts';
import { authService } from './grpc/auth.service.ts';
import { startGrpcServer } from './grpc/grpc-server.ts';
import { tokenService } from './grpc/token.service.ts';
import { createUnary } from './grpc/unary.ts';
import { userService } from './grpc/user.service.ts';
import { validationService } from './grpc/validation.service.ts';
import type { TokenServiceContext } from './context.ts';
import type { CredentialRecord } from './validation/credential-lookup.ts';
import { startUsageRecorder } from './validation/usage-recorder.ts';
import { startCacheInvalidations } from './validation/cache-invalidations.ts';
import { createVerdictCache } from './validation/verdict-cache.ts';
import { project } from './projections/projector.ts';
import { connectRedis, createInvalidationAnnouncer, createRedis, startLocalCache } from '@tessera/redis';
import { bootstrapAdmin } from './users/bootstrap-admin.ts';

const service = 'token-service';
const config = configOrExit(service, () => loadTokenServiceConfig());
const logger = createLogger(service, config.logLevel);
const telemetry = startTelemetry(service, config);

await runService(service, logger, async () => {
  if (Boolean(config.bootstrapAdminUsername) !== Boolean(config.bootstrapAdminPassword)) {
    throw new ConfigError(['TESSERA_BOOTSTRAP_ADMIN_USERNAME and TESSERA_BOOTSTRAP_ADMIN_PASSWORD go together: set both or neither.']);
  }
  const topics = tokenTopics(config.topicPrefix);
  const now = () => new Date();

  const pool = createPool(config.databaseUrl, { applicationName: service });
  const redisEndpoint = { url: config.redisUrl, tlsCa: config.redisTlsCa };
  const redis = createRedis(redisEndpoint, config.redisKeyPrefix);
  const kafka = createKafkaClient({ clientId: service, brokers: config.kafkaBrokers, security: config.kafkaSecurity, logger });
  await Promise.all([assertReachable(pool, 'TOKEN_DATABASE_URL'), connectRedis(redis), kafka.assertReachable('KAFKA_BROKERS')]);

  const applied = await migrate(pool, findUp(import.meta.dirname, 'migrations'), `${service}-migrations`);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  await kafka.ensureTopics([
    { name: topics.events, partitions: tokenTopicPartitions },
    { name: topics.usage, partitions: tokenTopicPartitions },
  ]);

  const store = new PostgresEventStore(pool, async (client, events) => {
    for (const event of events) await project(client, event);
    await enqueueInOutbox(client, topics.events, events);
  });
  const passwords = await createPasswordHasher();
  if (config.bootstrapAdminUsername && config.bootstrapAdminPassword) {
    await bootstrapAdmin(
      { pool, store, passwords, logger, now },
      {
        username: config.bootstrapAdminUsername,
        password: config.bootstrapAdminPassword,
        email: config.bootstrapAdminEmail ?? `${config.bootstrapAdminUsername}@tessera.local`,
      },
    );
  }

  const producer = await kafka.createProducer();
  const relay = startOutboxRelay({ pool, databaseUrl: config.databaseUrl, producer, logger });
  const usage = startUsageRecorder({ producer, topic: topics.usage, flushMs: config.usageFlushMs, logger });
  let invalidationBacklog = () => true;
  const cache = createVerdictCache<CredentialRecord>(redis, {
    maxTtlSeconds: config.cacheTtlSeconds,
    bypass: () => invalidationBacklog(),
    hmacKey: config.cacheHmacKey,
    logger,
  });
  const bus = { ...redisEndpoint, keyPrefix: config.redisKeyPrefix, leaseMs: config.invalidationLeaseMs };
  const announcer = await createInvalidationAnnouncer(bus);
  const local = await startLocalCache<CredentialRecord>({
    ...bus,
    maxEntries: config.localCacheEntries,
    maxAgeMs: config.cacheTtlSeconds * 1000,
    bypass: () => invalidationBacklog(),
  });
  const invalidations = startCacheInvalidations({ pool, tombstone: cache.tombstone, announce: announcer.announce, connection: redis, logger, pollMs: 250 });
  invalidationBacklog = () => invalidations.backlog;
  const loginThrottle = createLoginThrottle(redis, config.loginThrottle, (error) =>
    logger.error(
      { err: error },
      config.loginThrottle.withoutRedis === 'refuse' ? 'Redis unavailable: logins are refused until it is back' : 'Redis unavailable: failed logins are not counted until it is back',
    ),
  );
  const ctx: TokenServiceContext = { pool, store, passwords, loginThrottle, cache, local, invalidations, usage, now, expiry: config.expiry, adminsMayKeyOtherAdmins: config.adminKeysForOtherAdmins === 'allow', logger, notFoundTtlSeconds: 30 };
  const unary = createUnary({ logger, serviceSecret: config.serviceSecret });
  const { packageDefinition, tessera } = loadTesseraProto();
  const server = await startGrpcServer({
    address: config.grpcAddress,
    tls: config.grpcTls,
    packageDefinition,
    services: [
      { name: 'tessera.v1.ValidationService', definition: tessera.ValidationService.service, handlers: validationService(ctx, unary) },
      { name: 'tessera.v1.AuthService', definition: tessera.AuthService.service, handlers: authService(ctx, unary) },
      { name: 'tessera.v1.TokenService', definition: tessera.TokenService.service, handlers: tokenService(ctx, unary) },
      { name: 'tessera.v1.UserService', definition: tessera.UserService.service, handlers: userService(ctx, unary) },
      { name: 'tessera.v1.ApiKeyService', definition: tessera.ApiKeyService.service, handlers: apiKeyService(ctx, unary) },
    ],
  });

  // Every dependency answered at start-up, before SERVING. From then on SERVING follows PostgreSQL alone: without
  // Redis, Validate still answers correctly (from PostgreSQL), and writes wait in the outbox while Kafka is away.
  const watchDependencies = async () => {
    server.setServing(await pool.query('select 1').then(() => true, () => false));
  };
  await watchDependencies();
  const healthTimer = setInterval(() => void watchDependencies(), 2_000);
  logger.info({ address: `${config.grpcAddress.host}:${server.port}`, tls: config.grpcTls ? (config.grpcTls.clientCa ? 'mutual' : 'server') : 'off' }, 'token service listening (gRPC)');

  return {
    async stop() {
      clearInterval(healthTimer);
      await server.stop();
      invalidations.stop();
      local.close();
      announcer.close();
      await usage.stop();
      await relay.stop();
      await producer.disconnect();
      redis.disconnect();
      await pool.end();
      await telemetry.shutdown();
    },
  };
});
