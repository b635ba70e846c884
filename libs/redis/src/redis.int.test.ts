import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSecuredRedis, uniqueName, waitFor, type SecuredRedis } from '@tessera/testing';
import { connectRedis, createInvalidationAnnouncer, createRedis, startLocalCache, type RedisEndpoint } from './index.ts';

describe('connections to a Redis that requires AUTH (an ACL user) and TLS', () => {
  let server: SecuredRedis;

  before(async () => {
    server = await startSecuredRedis();
  });
  after(() => server?.stop());

  const withCredentials = (url: string, credentials: string) => url.replace(/\/\/[^@]*@/, `//${credentials}`);

  const ping = async (endpoint: RedisEndpoint) => {
    const redis = createRedis(endpoint, uniqueName('ping'));
    try {
      await connectRedis(redis);
      return await redis.ping();
    } finally {
      redis.disconnect();
    }
  };

  it('authenticates as the ACL user named in REDIS_URL, and is refused without the password', async () => {
    assert.equal(await ping({ url: server.url }), 'PONG');
    await assert.rejects(ping({ url: withCredentials(server.url, '') }), /NOAUTH/);
    const wrong = await ping({ url: withCredentials(server.url, 'tessera:not-the-password@') }).then(
      () => assert.fail('a wrong password was accepted'),
      (error: Error) => error,
    );
    assert.match(wrong.message, /^REDIS_URL: .*WRONGPASS/);
    assert.ok(!wrong.message.includes(server.password), 'the error does not echo the password');
  });

  it('talks TLS to a rediss:// URL, trusting the CA of REDIS_TLS_CA_FILE and no other', async () => {
    assert.equal(await ping({ url: server.tlsUrl, tlsCa: server.ca }), 'PONG');
    await assert.rejects(ping({ url: server.tlsUrl }), /self-signed certificate|unable to verify/i, 'a private CA is not trusted unless named');
    await assert.rejects(ping({ url: server.tlsUrl, tlsCa: server.otherCa }), /self-signed certificate|unable to verify/i);
    await assert.rejects(ping({ url: withCredentials(server.tlsUrl, ''), tlsCa: server.ca }), /NOAUTH/, 'TLS does not replace AUTH');
    assert.throws(() => createRedis({ url: server.url, tlsCa: server.ca }, 'x:'), /REDIS_TLS_CA_FILE is set, but REDIS_URL is not a rediss:\/\/ URL/);
  });

  it('carries acknowledged invalidations over TLS with AUTH', async () => {
    const bus = { url: server.tlsUrl, tlsCa: server.ca, keyPrefix: `${uniqueName('bus')}:`, leaseMs: 60_000 };
    const cache = await startLocalCache<{ v: number }>({ ...bus, maxEntries: 10, maxAgeMs: 60_000 });
    const announcer = await createInvalidationAnnouncer(bus);
    try {
      await waitFor(() => (cache.set('token:a', { v: 1 }, 60_000, cache.generation()), cache.get('token:a') !== undefined), {
        description: 'the cache holding its lease over TLS',
      });
      // The lease is a minute: only an acknowledgement, over the same TLS connections, ends this in time.
      await waitFor(async () => (await Promise.race([announcer.announce(['token:a']).then(() => true), timeout(10_000)])) === true, {
        timeoutMs: 15_000,
        description: 'the announcement acknowledged',
      });
      assert.equal(cache.get('token:a'), undefined);
    } finally {
      announcer.close();
      cache.close();
    }
  });
});

const timeout = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
