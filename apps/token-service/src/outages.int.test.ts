import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { Redis } from 'ioredis';
import pg from 'pg';
import { credentialCacheKey, digestOf, tokenTopics } from '@tessera/contracts';
import { createKafkaClient } from '@tessera/messaging';
import { createLogger } from '@tessera/telemetry';
import {
  bootstrapAdmin,
  freePort,
  grpcHealthStatus,
  refusal,
  startPlatform,
  startPrivateServer,
  tokenServiceClient,
  uniqueName,
  waitFor,
  type Platform,
  type PrivateServer,
  type TokenServiceTestClient,
} from '@tessera/testing';

// These tests stop a broker or a cache, so each brings its own private one: the shared ones serve other tests.

describe('while Kafka is stopped, commands still commit, and the outbox delivers all of it once Kafka is back', () => {
  let kafka: PrivateServer;
  let platform: Platform;
  let rpc: TokenServiceTestClient;

  before(async () => {
    kafka = await startPrivateServer('kafka');
    platform = await startPlatform('kafka_outage', { services: ['token-service'], env: { KAFKA_BROKERS: kafka.address } });
    rpc = tokenServiceClient(platform.urls.tokenService, platform.serviceSecret);
  });

  after(async () => {
    rpc?.close();
    await platform?.stop();
    await kafka?.dispose();
  });

  it('loses no acknowledged write', async () => {
    await kafka.stop();
    const logins = [];
    for (let i = 0; i < 5; i++) {
      logins.push(await rpc.call('AuthService', 'Login', { login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: { user_agent: 'cli|1', ip: '' } }));
    }
    assert.equal(logins.length, 5, 'every login was acknowledged with Kafka down');

    const db = new pg.Client({ connectionString: platform.tokenDatabase.url });
    await db.connect();
    const committed = new Set((await db.query<{ event_id: string }>('select event_id from events')).rows.map((r) => r.event_id));
    assert.ok((await db.query('select count(*)::int as n from outbox')).rows[0].n >= 10, 'the events wait in the outbox');

    await kafka.start();
    const received = new Set<string>();
    const client = createKafkaClient({ clientId: 'outage-test', brokers: [kafka.address], logger: createLogger('test', 'fatal') });
    const consumer = await client.createConsumer({
      groupId: uniqueName('outage'),
      topics: [tokenTopics(platform.prefix).events],
      fromBeginning: true,
      handle: async ({ messages }) => {
        for (const m of messages) received.add(JSON.parse(m.value!.toString()).event_id);
      },
    });
    try {
      await waitFor(() => [...committed].every((id) => received.has(id)), { timeoutMs: 60_000, description: `all ${committed.size} committed events on Kafka` });
      await waitFor(async () => (await db.query('select count(*)::int as n from outbox')).rows[0].n === 0, { description: 'an empty outbox' });
    } finally {
      await consumer.disconnect();
      await db.end();
    }
  });
});

describe('while Redis is stopped, Validate answers from PostgreSQL, and revocations made meanwhile hold when it is back', () => {
  let redis: PrivateServer;
  let platform: Platform;
  let rpc: TokenServiceTestClient;

  before(async () => {
    redis = await startPrivateServer('redis');
    platform = await startPlatform('redis_outage', { services: ['token-service'], env: { REDIS_URL: redis.address } });
    rpc = tokenServiceClient(platform.urls.tokenService, platform.serviceSecret);
  });

  after(async () => {
    rpc?.close();
    await platform?.stop();
    await redis?.dispose();
  });

  it('stays correct through the outage and after it', async () => {
    const admin = (await rpc.call('AuthService', 'Login', { login: bootstrapAdmin.username, password: bootstrapAdmin.password })).token!.token;
    const issued = await rpc.call('TokenService', 'IssueToken', { note: 'cached', expires_in_seconds: '3600', policy: '' }, { token: admin });
    const validateToken = async (token: string) => (await rpc.call('ValidationService', 'Validate', { token })).code;
    const validate = () => validateToken(issued.token!.token);
    assert.equal(await validate(), 'VALID', 'now cached in Redis');
    // A second instance, which will not itself fail to invalidate anything, must not trust the stale entry either.
    const port = await freePort();
    await platform.startAnother('token-service', { TOKEN_GRPC_ADDRESS: `127.0.0.1:${port}` });
    await waitFor(async () => (await grpcHealthStatus(`127.0.0.1:${port}`)) === 'SERVING', { timeoutMs: 60_000, description: 'a second token service' });
    const other = tokenServiceClient(`127.0.0.1:${port}`, platform.serviceSecret);
    const validateOnOther = async () => (await other.call('ValidationService', 'Validate', { token: issued.token!.token })).code;
    assert.equal(await validateOnOther(), 'VALID');

    await redis.stop();
    assert.equal(await validate(), 'VALID', 'answered from PostgreSQL');
    // Recorded, but no instance's memory could be told: the caller hears so (UNAVAILABLE), not a success.
    const unconfirmed = await refusal(rpc.call('TokenService', 'RevokeToken', { token_id: issued.token!.id, reason: 'revoked during the outage' }, { token: admin }));
    assert.equal(unconfirmed.code, status.UNAVAILABLE);
    assert.equal(unconfirmed.metadata.get('tessera-error-code')[0], 'invalidations_pending');
    assert.equal(await validate(), 'REVOKED', 'refused at once, though the cache could not be told');

    // Redis comes back with the entry cached before the outage (append-only file); it must not resurface.
    await redis.start();
    for (let i = 0; i < 20; i++) {
      assert.equal(await validate(), 'REVOKED');
      assert.equal(await validateOnOther(), 'REVOKED', 'the other instance does not trust the stale entry');
    }
    other.close();
    await waitFor(async () => (await validate()) === 'REVOKED' && (await rpc.call('ValidationService', 'Validate', { token: admin })).code === 'VALID', {
      description: 'validation working with Redis back',
    });

    // Recovered, not merely surviving: the invalidation missed during the outage is written, and lookups are cached again.
    const cache = new Redis(redis.address, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await cache.connect();
    try {
      const entries = async () => Promise.all((await cache.keys('*verdict:token:*')).map(async (key) => ({ key, value: await cache.get(key) })));
      await waitFor(async () => (await entries()).some((entry) => entry.value === 'stale'), { description: 'the missed invalidation written as a tombstone' });
      // Each instance reconnects to Redis on its own schedule; until it has, its lookups go uncached, so ask again,
      // each time with a token never looked up before (a looked-up one is answered from the instance's memory).
      await waitFor(
        async () => {
          const fresh = await rpc.call('TokenService', 'IssueToken', { note: 'after the outage', expires_in_seconds: '3600', policy: '' }, { token: admin });
          if ((await validateToken(fresh.token!.token)) !== 'VALID') return false;
          const entry = await cache.get(`${platform.prefix}:verdict:${credentialCacheKey({ kind: 'token', digest: digestOf(fresh.token!.token) })}`);
          return entry !== null && entry !== 'stale' && entry.includes(bootstrapAdmin.username);
        },
        { description: 'a new lookup cached in Redis again' },
      );
    } finally {
      cache.disconnect();
    }
  });
});
