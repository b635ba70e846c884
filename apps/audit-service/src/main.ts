import rateLimit from '@fastify/rate-limit';
import { findUp, secretCheck } from '@tessera/config';
import { serviceSecretHeader, tokenTopicPartitions, tokenTopics } from '@tessera/contracts';
import { createHttpServer, listen, perAddressRateLimit } from '@tessera/http';
import { createKafkaClient } from '@tessera/messaging';
import { assertReachable, createPool, inTransaction, migrate } from '@tessera/postgres';
import { connectRedis, createRedis, sharedBudgetStore } from '@tessera/redis';
import { configOrExit, createLogger, inSpan, runService, SpanKind, startTelemetry } from '@tessera/telemetry';
import { createTokenServiceClient, tokenServiceUnavailable } from '@tessera/token-service-client';
import { loadAuditConfig } from './config.ts';
import { announceNewEvents, createEventFeed } from './live/event-feed.ts';
import { eventStreamRoutes } from './live/event-stream.routes.ts';
import { listenForRevocations } from './live/revocations.ts';
import { applyOnce } from './projections/consumer-positions.ts';
import { consumerReadiness } from './projections/consumer-readiness.ts';
import { projectBatch } from './projections/project-batch.ts';
import { shareProjectionTables } from './projections/projection-lock.ts';
import { startUsageDedupeRetention } from './projections/usage-dedupe-retention.ts';
import { auditQueries } from './query/audit-queries.ts';
import { consumerLag } from './query/consumer-lag.query.ts';
import { tokenActivityRoutes } from './query/token-activity.routes.ts';
import { opsRoutes } from './query/ops.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';

const service = 'audit-service';
const dayMs = 86_400_000;
// Each round deletes what aged past the window since the last one, in short batches.
const retentionEveryMs = 3_600_000;
const config = configOrExit(service, () => loadAuditConfig());
const logger = createLogger(service, config.logLevel);
const telemetry = startTelemetry(service, config);

await runService(service, logger, async () => {
  const topics = tokenTopics(config.topicPrefix);
  const pool = createPool(config.databaseUrl, { applicationName: service });
  const kafka = createKafkaClient({ clientId: service, brokers: config.kafkaBrokers, security: config.kafkaSecurity, logger });
  const redisEndpoint = { url: config.redisUrl, tlsCa: config.redisTlsCa };
  const redis = createRedis(redisEndpoint, config.redisKeyPrefix);
  await Promise.all([assertReachable(pool, 'AUDIT_DATABASE_URL'), kafka.assertReachable('KAFKA_BROKERS'), connectRedis(redis)]);

  const applied = await migrate(pool, findUp(import.meta.dirname, 'migrations'), `${service}-migrations`);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  // The token service creates these too; whichever starts first must not find them missing.
  await kafka.ensureTopics([topics.events, topics.usage].map((name) => ({ name, partitions: tokenTopicPartitions })));

  const consumer = await kafka.createConsumer({
    groupId: config.consumerGroup,
    topics: [topics.events, topics.usage],
    fromBeginning: true,
    handle: (batch) =>
      inSpan('audit.project-batch', { kind: SpanKind.CONSUMER, attributes: { 'messaging.batch.message_count': batch.messages.length } }, () =>
        inTransaction(pool, async (client) => {
          await shareProjectionTables(client);
          let logged: string[] = [];
          await applyOnce(client, batch, async (messages) => {
            logged = await projectBatch(client, topics, batch.topic, messages);
          });
          await announceNewEvents(client, logged);
        }),
      ),
  });

  const retention = startUsageDedupeRetention({ pool, keepMs: config.usageDedupeRetentionDays * dayMs, everyMs: retentionEveryMs, logger });

  // Not awaited at start-up: the projections must run while the token service is away; the query API answers 503.
  const tokenService = createTokenServiceClient(config.tokenServiceAddress, config.tokenServiceTimeoutMs, config.serviceSecret, config.tokenServiceTls);
  const app = createHttpServer({
    service,
    logLevel: config.logLevel,
    trustedProxies: config.trustedProxies,
    tls: config.httpTls,
    knownErrors: tokenServiceUnavailable,
    readiness: [
      { name: 'postgres', check: async () => void (await pool.query('select 1')) },
      consumerReadiness(() => consumer.status(), config.consumerStalledAfterSeconds * 1000),
    ],
    openapi: { title: 'Tessera audit service', version: '1', description: 'The audit log of every issue, revoke and use of a token or API key.' },
  });
  // The gateway's calls for token lists come from a few addresses at the pace of its users: they are not counted.
  const fromOurServices = secretCheck(config.serviceSecret);
  const perAddress = perAddressRateLimit({
    perMinute: config.rateLimitPerMinute,
    store: sharedBudgetStore(redis, { reportMs: 100, nameSpace: 'audit-rate-limit:' }),
    exempt: (request) => fromOurServices(request.headers[serviceSecretHeader]),
  });
  await app.register(rateLimit, { ...perAddress, global: false });
  // Counted for every route before the routes' own hooks check a credential: a hook per route would run after them.
  app.addHook('onRequest', app.rateLimit());
  const admin = kafka.createAdmin();
  const queries = auditQueries(pool, () => consumerLag(pool, admin, [topics.events, topics.usage], config.consumerGroup));
  await app.register(tokenActivityRoutes, { queries, serviceSecret: config.serviceSecret });
  const feed = createEventFeed(config.databaseUrl, pool, logger);
  await app.register(opsRoutes, { queries, tokenService });
  const revocations = await listenForRevocations({ ...redisEndpoint, keyPrefix: config.redisKeyPrefix, leaseMs: config.invalidationLeaseMs });
  await app.register(eventStreamRoutes, { tokenService, feed, revocations });
  await app.register(dashboardRoutes);
  const url = await listen(app, config.httpAddress);
  logger.info({ url, group: config.consumerGroup, topics: [topics.events, topics.usage] }, 'audit service listening (HTTP) and consuming');

  return {
    async stop() {
      await app.close();
      await consumer.disconnect();
      await Promise.all([feed.close(), admin.disconnect(), retention.stop()]);
      revocations.close();
      redis.disconnect();
      tokenService.close();
      await pool.end();
      await telemetry.shutdown();
    },
  };
});
