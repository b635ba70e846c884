import formbody from '@fastify/formbody';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import { createHttpServer, perAddressRateLimit, type HttpServer } from '@tessera/http';
import type { CachedValidation, TokenServiceClient } from '@tessera/token-service-client';
import { authenticatePlugin } from './auth/authenticate.ts';
import { loginRoutes } from './auth/login.routes.ts';
import { sessionRoutes } from './auth/session.routes.ts';
import { tokenapiRoutes } from './compat/tokenapi.routes.ts';
import { frappeRoutes } from './compat/frappe.routes.ts';
import { frappeSessionRoutes } from './compat/frappe-session.routes.ts';
import { consoleRoutes } from './console/console.routes.ts';
import { consoleSessionRoutes } from './sessions/console-session.routes.ts';
import { sessionsPlugin } from './sessions/sessions.ts';
import type { SessionStore } from './sessions/session-store.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import type { TokenActivityClient } from './audit/token-activity.client.ts';
import { tokenRoutes } from './tokens/tokens.routes.ts';
import { providersRoutes } from './providers/providers.routes.ts';
import { proxyPlugin } from './proxy/proxy.plugin.ts';
import { identityAssertions, jwksRoutes } from './proxy/identity-assertions.ts';
import type { GatewayConfig } from './config.ts';
import { upstreamErrors } from './errors.ts';
import { loginRateLimit } from './throttling/rate-limit.ts';

/** The settings the routes read; the rest of the configuration is about connections, which main.ts opens. */
export type GatewaySettings = Pick<
  GatewayConfig,
  | 'logLevel'
  | 'trustedProxies'
  | 'rateLimitPerMinute'
  | 'loginRateLimitPerMinute'
  | 'oauth2Providers'
  | 'tokenMaxTtlHours'
  | 'proxyRoutes'
  | 'identitySigningKey'
  | 'sessionIdleSeconds'
  | 'sessionMaxSeconds'
>;

/** What the routes call out to: given, so that main.ts can pass connected clients and a test its own in-process ones. */
export interface GatewayParts {
  tokenService: TokenServiceClient;
  /** How a presented credential is checked: main.ts answers from the instance's memory first (ADR 8). */
  validation: Pick<CachedValidation, 'validate'>;
  tokenActivity: TokenActivityClient;
  /** Where per-address request counts are kept; undefined is @fastify/rate-limit's own memory, this instance's alone. */
  rateLimitStore: RateLimitPluginOptions['store'];
  /** Where console and Frappe sessions live: Redis in main.ts, so every instance knows every session. */
  sessionStore: SessionStore;
}

/** The gateway's HTTP application, every route registered and nothing listening yet. */
export async function buildGateway(settings: GatewaySettings, parts: GatewayParts): Promise<HttpServer> {
  const { tokenService, tokenActivity } = parts;
  const app = createHttpServer({
    service: 'gateway',
    logLevel: settings.logLevel,
    trustedProxies: settings.trustedProxies,
    readiness: [{ name: 'token-service', check: () => tokenService.checkServing() }],
    knownErrors: upstreamErrors,
    openapi: {
      title: 'Tessera gateway',
      version: '1',
      description: "Sign-in, the current user, tokens and API keys, over QFieldCloud's auth API, django-tokenapi's and Frappe's routes.",
      credentials: ['token', 'bearer', 'basic', 'session'],
    },
  });
  await app.register(rateLimit, perAddressRateLimit({ perMinute: settings.rateLimitPerMinute, store: parts.rateLimitStore }));
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const logins = { tokenService, rateLimit: loginRateLimit(settings.loginRateLimitPerMinute) };
  await app.register(sessionsPlugin, {
    store: parts.sessionStore,
    tokenService,
    validation: parts.validation,
    settings: { idleSeconds: settings.sessionIdleSeconds, maxSeconds: settings.sessionMaxSeconds },
    login: logins,
  });
  await app.register(authenticatePlugin, { validation: parts.validation });
  await app.register(loginRoutes, logins);
  await app.register(consoleSessionRoutes, logins);
  await app.register(consoleRoutes);
  await app.register(frappeSessionRoutes, logins);
  await app.register(sessionRoutes, { tokenService });
  await app.register(tokenapiRoutes, logins);
  await app.register(providersRoutes, { oauth2Providers: settings.oauth2Providers });
  await app.register(frappeRoutes, { tokenService });
  await app.register(tokenRoutes, { tokenService, tokenActivity, maxTtlHours: settings.tokenMaxTtlHours });
  await app.register(adminRoutes, { tokenService, tokenActivity, maxTtlHours: settings.tokenMaxTtlHours });
  const assertions = await identityAssertions(settings.identitySigningKey);
  await app.register(jwksRoutes, { assertions });
  await app.register(proxyPlugin, { routes: settings.proxyRoutes, assertions });
  return app;
}
