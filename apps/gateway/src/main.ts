import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { connectRedis, createRedis, startLocalCache } from '@tessera/redis';
import type { ValidateResponse__Output } from '@tessera/contracts';
import { createHttpServer, listen } from '@tessera/http';
import { configOrExit, createLogger, runService, startTelemetry } from '@tessera/telemetry';
import { authenticatePlugin } from './auth/authenticate.ts';
import { loginRoutes } from './auth/login.routes.ts';
import { sessionRoutes } from './auth/session.routes.ts';
import { tokenapiRoutes } from './compat/tokenapi.routes.ts';
import { frappeRoutes } from './compat/frappe.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { createTokenActivityClient } from './audit/token-activity.client.ts';
import { tokenRoutes } from './tokens/tokens.routes.ts';
import { providersRoutes } from './providers/providers.routes.ts';
import { proxyPlugin } from './proxy/proxy.plugin.ts';
import { identityAssertions, jwksRoutes } from './proxy/identity-assertions.ts';
import { loadGatewayConfig } from './config.ts';
import { upstreamErrors } from './errors.ts';
import { loginRateLimit, rateLimitOptions } from './throttling/rate-limit.ts';
import { awaitTokenService, cachedValidation, createTokenServiceClient } from '@tessera/token-service-client';

const service = 'gateway';
const config = configOrExit(service, () => loadGatewayConfig());
const telemetry = startTelemetry(service, config);

await runService(service, createLogger(service, config.logLevel), async () => {
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

  const app = createHttpServer({
    service,
    logLevel: config.logLevel,
    trustedProxies: config.trustedProxies,
    readiness: [{ name: 'token-service', check: () => tokenService.checkServing() }],
    knownErrors: upstreamErrors,
    openapi: {
      title: 'Tessera gateway',
      version: '1',
      description: "Sign-in, the current user, tokens and API keys, over QFieldCloud's auth API, django-tokenapi's and Frappe's routes.",
      credentials: ['token', 'bearer', 'basic'],
    },
  });
  await app.register(rateLimit, rateLimitOptions(redis, config.rateLimitPerMinute, config.rateLimitReportMs));
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const validation = cachedValidation(tokenService, verdicts, {
    reportEveryMs: config.usageReportMs,
    onReportFailed: (error) => app.log.warn({ err: error }, 'could not report uses to the token service; keeping them for the next round'),
  });
  await app.register(authenticatePlugin, { validation });
  const logins = { tokenService, rateLimit: loginRateLimit(config.loginRateLimitPerMinute) };
  await app.register(loginRoutes, logins);
  await app.register(sessionRoutes, { tokenService });
  await app.register(tokenapiRoutes, logins);
  await app.register(providersRoutes, { oauth2Providers: config.oauth2Providers });
  await app.register(frappeRoutes, { tokenService });
  const tokenActivity = createTokenActivityClient({
    baseUrl: config.auditServiceUrl,
    serviceSecret: config.serviceSecret,
    timeoutMs: config.auditTimeoutMs,
    tls: config.auditServiceTls,
    onUnavailable: (reason) => app.log.warn({ reason }, 'audit service unavailable: token lists show last use as unknown'),
  });
  await app.register(tokenRoutes, { tokenService, tokenActivity, maxTtlHours: config.tokenMaxTtlHours });
  await app.register(adminRoutes, { tokenService, tokenActivity, maxTtlHours: config.tokenMaxTtlHours });
  const assertions = await identityAssertions(config.identitySigningKey);
  await app.register(jwksRoutes, { assertions });
  await app.register(proxyPlugin, { routes: config.proxyRoutes, assertions });
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
