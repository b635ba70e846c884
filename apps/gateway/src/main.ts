import { connectRedis, createRedis, startLocalCache } from '@tessera/redis';
import type { ValidateResponse__Output } from '@tessera/contracts';
import { listen } from '@tessera/http';
import { configOrExit, createLogger, runService, startTelemetry } from '@tessera/telemetry';
import { createTokenActivityClient } from './audit/token-activity.client.ts';
import { loadGatewayConfig } from './config.ts';
import { buildGateway } from './gateway.ts';
import { sharedRateLimitStore } from './throttling/rate-limit.ts';
import { redisSessionStore } from './sessions/session-store.ts';
import { awaitTokenService, cachedValidation, createTokenServiceClient } from '@tessera/token-service-client';

const service = 'gateway';
const config = configOrExit(service, () => loadGatewayConfig());
const telemetry = startTelemetry(service, config);
const logger = createLogger(service, config.logLevel);

await runService(service, logger, async () => {
  const tokenService = createTokenServiceClient(config.tokenServiceAddress, config.tokenServiceTimeoutMs, config.serviceSecret, config.tokenServiceTls);
  await awaitTokenService(tokenService, 15_000);
  const redisEndpoint = { url: config.redisUrl, tlsCa: config.redisTlsCa };
  const redis = createRedis(redisEndpoint, config.redisKeyPrefix);
  await connectRedis(redis);
  const verdicts = await startLocalCache<ValidateResponse__Output>({
    ...redisEndpoint,
    keyPrefix: config.redisKeyPrefix,
    leaseMs: config.invalidationLeaseMs,
    maxEntries: config.localCacheEntries,
    maxAgeMs: config.localCacheSeconds * 1000,
  });
  const validation = cachedValidation(tokenService, verdicts, {
    reportEveryMs: config.usageReportMs,
    onReportFailed: (error) => logger.warn({ err: error }, 'could not report uses to the token service; keeping them for the next round'),
  });
  const tokenActivity = createTokenActivityClient({
    baseUrl: config.auditServiceUrl,
    serviceSecret: config.serviceSecret,
    timeoutMs: config.auditTimeoutMs,
    tls: config.auditServiceTls,
    onUnavailable: (reason) => logger.warn({ reason }, 'audit service unavailable: token lists show last use as unknown'),
  });

  const app = await buildGateway(config, {
    tokenService,
    validation,
    tokenActivity,
    rateLimitStore: sharedRateLimitStore(redis, config.rateLimitReportMs),
    sessionStore: redisSessionStore(redis),
  });
  const url = await listen(app, config.httpAddress);
  app.log.info({ url }, 'gateway listening (HTTP)');

  return {
    async stop() {
      await app.close();
      await validation.stop();
      verdicts.close();
      tokenService.close();
      redis.disconnect();
      await telemetry.shutdown();
    },
  };
});
