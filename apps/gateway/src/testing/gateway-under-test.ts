import type { HttpServer } from '@tessera/http';
import type { TokenActivityClient } from '../audit/token-activity.client.ts';
import { loadGatewayConfig } from '../config.ts';
import { buildGateway } from '../gateway.ts';
import type { FakeTokenService } from './fake-token-service.ts';
import { memorySessionStore, type SessionStore } from '../sessions/session-store.ts';

/** What the gateway is built with in development mode when a test sets nothing else. */
const baseEnv = {
  TESSERA_DEV_MODE: 'true',
  // Each request's access log line would bury the test report.
  LOG_LEVEL: 'fatal',
  TESSERA_SERVICE_SECRET: 'a-service-secret-for-in-process-tests',
  // Required by the configuration; nothing built here connects to it.
  REDIS_URL: 'redis://127.0.0.1:6379',
};

/** An audit service that has recorded no use of any token. */
const noActivity: TokenActivityClient = { lastUsed: async () => new Map() };

/**
 * For in-process tests, as fastify-demo's helper builds its app: the gateway as main.ts builds it, from the
 * configuration `env` gives, calling `tokenService` directly (no memory of verdicts in front of it: that is
 * @tessera/token-service-client's, tested there) and counting requests in its own memory. Nothing listens: send
 * requests with `inject`. The app is closed by `context`'s after hook: node:test's own, for a whole file.
 */
export async function gatewayUnderTest(
  context: { after: (fn: () => Promise<void>) => void },
  parts: { tokenService: FakeTokenService; tokenActivity?: TokenActivityClient; sessionStore?: SessionStore; env?: Record<string, string> },
): Promise<HttpServer> {
  const config = loadGatewayConfig({ ...baseEnv, ...parts.env });
  const app = await buildGateway(config, {
    tokenService: parts.tokenService,
    validation: parts.tokenService,
    tokenActivity: parts.tokenActivity ?? noActivity,
    rateLimitStore: undefined,
    sessionStore: parts.sessionStore ?? memorySessionStore(),
  });
  context.after(() => app.close());
  await app.ready();
  return app;
}
