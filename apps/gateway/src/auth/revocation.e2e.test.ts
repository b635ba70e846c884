import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAdmin, freePort, gatewayLogin, grpcHealthStatus, startPlatform, testPassword, waitFor, type Platform } from '@tessera/testing';

type Json = Record<string, unknown>;

/**
 * Two gateways, each on a token service of its own, all keeping valid credentials in memory (ADR 8): a change made
 * through one instance must be refused by every other one as soon as the call that made it has returned, though
 * each of them answered the credential from memory a moment before.
 */
describe('revocation on every instance, with answers kept in memory', () => {
  let platform: Platform;
  let gateways: string[];
  let admin: string;

  const get = (gateway: string, authorization: string) => fetch(`${gateway}/api/v1/auth/user/`, { headers: { authorization } }).then((response) => response.status);
  const call = async (gateway: string, method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { authorization: `Token ${token}`, 'user-agent': 'sdk|py|0.30', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = { status: response.status, body: (await response.json()) as Json };
    assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** Uses the credential on every gateway until each answers it from memory: asked twice, both times admitted. */
  const warm = async (authorization: string) => {
    for (const gateway of gateways) for (let i = 0; i < 2; i++) assert.equal(await get(gateway, authorization), 200);
  };
  const refusedEverywhere = async (authorization: string) => {
    for (const gateway of gateways) assert.equal(await get(gateway, authorization), 401, `${gateway} still admits it`);
  };

  before(async () => {
    platform = await startPlatform('gateway_revocation', { services: ['token-service', 'gateway'] });
    const grpc = `127.0.0.1:${await freePort()}`;
    const http = `127.0.0.1:${await freePort()}`;
    await platform.startAnother('token-service', { TOKEN_GRPC_ADDRESS: grpc });
    await waitFor(async () => (await grpcHealthStatus(grpc)) === 'SERVING', { timeoutMs: 60_000, description: 'the second token service' });
    await platform.startAnother('gateway', { GATEWAY_HTTP_ADDRESS: http, TOKEN_SERVICE_ADDRESS: grpc });
    gateways = [platform.urls.gateway, `http://${http}`];
    admin = await gatewayLogin(platform.urls.gateway, { ...bootstrapAdmin, userAgent: 'sdk|py|0.30' });
  });

  after(async () => {
    await platform?.stop();
  });

  it('a token revoked through one gateway is refused by both at once', async () => {
    for (let i = 0; i < 20; i++) {
      const via = gateways[i % 2]!;
      const issued = await call(via, 'POST', '/api/v1/auth/tokens/', admin, { note: `revoked ${i}` });
      const authorization = `Token ${issued['token'] as string}`;
      await warm(authorization);
      await call(via, 'DELETE', `/api/v1/auth/tokens/${issued['id'] as string}/`, admin);
      await refusedEverywhere(authorization);
    }
  });

  it("a deactivated user's tokens are refused by both at once, and stay refused once the user is reactivated", async () => {
    const password = testPassword('paused-user');
    const user = await call(gateways[0]!, 'POST', '/api/v1/admin/users/', admin, { username: 'paused-user', email: 'paused@example.com', password });
    const token = await gatewayLogin(gateways[1]!, { username: 'paused-user', password, userAgent: 'sdk|py|0.30' });
    await warm(`Token ${token}`);
    await call(gateways[1]!, 'POST', `/api/v1/admin/users/${user['pk'] as string}/deactivate/`, admin, {});
    await refusedEverywhere(`Token ${token}`);
    await call(gateways[0]!, 'POST', `/api/v1/admin/users/${user['pk'] as string}/reactivate/`, admin, {});
    await refusedEverywhere(`Token ${token}`);
    const fresh = await gatewayLogin(gateways[1]!, { username: 'paused-user', password, userAgent: 'sdk|py|0.30' });
    for (const gateway of gateways) assert.equal(await get(gateway, `Token ${fresh}`), 200);
  });

  it("an API key's old secret is refused by both as soon as a new one is generated", async () => {
    const password = testPassword('worker-user');
    const user = await call(gateways[0]!, 'POST', '/api/v1/admin/users/', admin, { username: 'worker-user', email: 'worker@example.com', password });
    const first = await call(gateways[0]!, 'POST', `/api/v1/admin/users/${user['pk'] as string}/api-key/`, admin, {});
    const old = `token ${first['api_key'] as string}:${first['api_secret'] as string}`;
    await warm(old);
    const second = await call(gateways[1]!, 'POST', `/api/v1/admin/users/${user['pk'] as string}/api-key/`, admin, {});
    await refusedEverywhere(old);
    for (const gateway of gateways) assert.equal(await get(gateway, `token ${second['api_key'] as string}:${second['api_secret'] as string}`), 200);
  });
});
