import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { Redis } from 'ioredis';
import pg from 'pg';
import { credentialCacheKey, digestOf } from '@tessera/contracts';
import { bootstrapAdmin, refusal, waitFor } from '@tessera/testing';
import { anotherTokenService, publishedMessages, tokenServiceFixture } from './testing/token-service-fixture.ts';

// These tests stop a broker or a cache, so each brings its own private one: the shared ones serve other tests.

describe('while Kafka is stopped, commands still commit, and the outbox delivers all of it once Kafka is back', () => {
  const fixture = tokenServiceFixture('kafka_outage', { own: 'kafka' });

  it('loses no acknowledged write', async () => {
    const { platform, rpc, own: kafka } = fixture;
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
    const published = await publishedMessages(platform, ['events'], [kafka.address]);
    const received = () => new Set(published.messages.map((m) => m.message['event_id']));
    try {
      await waitFor(() => [...committed].every((id) => received().has(id)), { timeoutMs: 60_000, description: `all ${committed.size} committed events on Kafka` });
      await waitFor(async () => (await db.query('select count(*)::int as n from outbox')).rows[0].n === 0, { description: 'an empty outbox' });
    } finally {
      await published.disconnect();
      await db.end();
    }
  });
});

describe('while Redis is stopped, Validate answers from PostgreSQL, and revocations made meanwhile hold when it is back', () => {
  const fixture = tokenServiceFixture('redis_outage', { own: 'redis' });

  it('stays correct through the outage and after it', async () => {
    const { platform, rpc, own: redis } = fixture;
    const admin = (await rpc.call('AuthService', 'Login', { login: bootstrapAdmin.username, password: bootstrapAdmin.password })).token!.token;
    const issued = await rpc.call('TokenService', 'IssueToken', { note: 'cached', expires_in_seconds: '3600', policy: '' }, { token: admin });
    const validateToken = async (token: string) => (await rpc.call('ValidationService', 'Validate', { token })).code;
    const validate = () => validateToken(issued.token!.token);
    assert.equal(await validate(), 'VALID', 'now cached in Redis');
    const entryKey = (token: string) => `${platform.prefix}:verdict:${credentialCacheKey({ kind: 'token', digest: digestOf(token) })}`;
    const inRedis = async <T>(read: (cache: Redis) => Promise<T>) => {
      const cache = new Redis(redis.address, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await cache.connect();
      try {
        return await read(cache);
      } finally {
        cache.disconnect();
      }
    };
    assert.match((await inRedis((cache) => cache.get(entryKey(issued.token!.token)))) ?? '', /^v1:/, 'the lookup cached in Redis before the outage');
    // A second instance, which will not itself fail to invalidate anything, must not trust the stale entry either.
    const other = await anotherTokenService(platform);
    const validateOnOther = async () => (await other.rpc.call('ValidationService', 'Validate', { token: issued.token!.token })).code;
    assert.equal(await validateOnOther(), 'VALID');
    const instances = [platform.process('token-service'), other.process];
    const allLogged = (text: string) => instances.every((running) => running.output().includes(text));

    await redis.stop();
    assert.equal(await validate(), 'VALID', 'answered from PostgreSQL');
    // Recorded, but no instance's memory could be told: the caller hears so (UNAVAILABLE), not a success.
    const unconfirmed = await refusal(rpc.call('TokenService', 'RevokeToken', { token_id: issued.token!.id, reason: 'revoked during the outage' }, { token: admin }));
    assert.equal(unconfirmed.code, status.UNAVAILABLE);
    assert.equal(unconfirmed.metadata.get('tessera-error-code')[0], 'invalidations_pending');
    assert.equal(await validate(), 'REVOKED', 'refused at once, though the cache could not be told');
    // Each instance polls the recorded invalidation and fails to write it: both know Redis is away.
    await waitFor(() => allLogged('cannot write cache invalidations to Redis'), { description: 'both instances to find Redis away', timeoutMs: 10_000 });

    // Redis comes back with the entry cached before the outage (append-only file); it must not resurface, neither
    // while the instances reconnect nor once they read the cache again, which each says in its log.
    await redis.start();
    const answers: string[] = [];
    const validateOnBoth = async () => answers.push(await validate(), await validateOnOther());
    await waitFor(
      async () => {
        await validateOnBoth();
        return allLogged('validation cache invalidations caught up; reading the cache again');
      },
      { description: 'both instances to write the missed invalidation and read the cache again', timeoutMs: 60_000 },
    );
    for (let i = 0; i < 20; i++) await validateOnBoth();
    assert.deepEqual(new Set(answers), new Set(['REVOKED']), 'neither instance trusts the stale entry');
    other.rpc.close();
    assert.equal((await rpc.call('ValidationService', 'Validate', { token: admin })).code, 'VALID', 'validation working with Redis back');

    // Recovered, not merely surviving: the invalidation missed during the outage is written, and lookups are cached again.
    await inRedis(async (cache) => {
      assert.equal(await cache.get(entryKey(issued.token!.token)), 'stale', 'the missed invalidation written as a tombstone');
      // Each instance reconnects to Redis on its own schedule; until it has, its lookups go uncached, so ask again,
      // each time with a token never looked up before (a looked-up one is answered from the instance's memory).
      await waitFor(
        async () => {
          const fresh = await rpc.call('TokenService', 'IssueToken', { note: 'after the outage', expires_in_seconds: '3600', policy: '' }, { token: admin });
          if ((await validateToken(fresh.token!.token)) !== 'VALID') return false;
          const entry = await cache.get(entryKey(fresh.token!.token));
          return entry !== null && entry !== 'stale' && entry.includes(bootstrapAdmin.username);
        },
        { description: 'a new lookup cached in Redis again' },
      );
    });
  });
});
