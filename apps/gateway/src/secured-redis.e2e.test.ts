import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { credentialCacheKey, digestOf } from '@tessera/contracts';
import { gatewayLogin, startPlatform, startSecuredRedis, startupFailure, waitFor, type Platform, type SecuredRedis } from '@tessera/testing';

describe('the gateway and the token service on a Redis that requires AUTH and TLS, as processes', () => {
  let redis: SecuredRedis;
  let platform: Platform;

  before(async () => {
    redis = await startSecuredRedis();
    platform = await startPlatform('secured_redis', {
      services: ['token-service', 'gateway'],
      env: { REDIS_URL: redis.tlsUrl, REDIS_TLS_CA_FILE: redis.caFile },
    });
  });

  after(async () => {
    await platform?.stop();
    redis?.stop();
  });

  it('logs in and authenticates through it, caching the lookup there under its HMAC', async () => {
    const token = await gatewayLogin(platform.urls.gateway);
    const me = await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(me.status, 200);
    const client = new Redis(redis.tlsUrl, { tls: { ca: redis.ca }, keyPrefix: `${platform.prefix}:`, lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      const entry = await waitFor(async () => (await client.get(`verdict:${credentialCacheKey({ kind: 'token', digest: digestOf(token) })}`)) ?? undefined, {
        description: 'the lookup cached in the secured Redis',
      });
      assert.match(entry, /^v1:\d+:[A-Za-z0-9_-]{43}:\{/);
    } finally {
      client.disconnect();
    }
  });

  it('does not start with a REDIS_URL whose password is wrong, naming the setting but not the password', () => {
    const wrong = 'a-wrong-password-for-the-test';
    const result = startupFailure('token-service', { ...platform.env, REDIS_URL: redis.tlsUrl.replace(redis.password, wrong) });
    assert.equal(result.status, 69);
    assert.match(result.stderr, /REDIS_URL: cannot reach Redis \(WRONGPASS/);
    assert.ok(!(result.stderr + result.stdout).includes(wrong), 'the password is not echoed');
  });
});
