import type { Redis } from 'ioredis';

/**
 * Redis cache of credential lookups, keyed by the credential's digest (never the credential). It holds the facts,
 * not the verdict, so expiry is decided at read time. Entries live no longer than the credential and at most
 * `maxTtlSeconds`; a change to a credential replaces its entry with a tombstone (cache-invalidations.ts).
 *
 * Tombstones, not deletions: a Validate that read PostgreSQL just before a revocation committed may write its
 * (now stale) entry after the revocation's invalidation. Entries are written only where no key exists (SET NX), so
 * such a late write never lands over a tombstone, and a tombstone outlives any entry written before it.
 */
export interface VerdictCache<T> {
  get(key: string): Promise<T | null | undefined>;
  set(key: string, value: T | null, ttlSeconds: number): Promise<void>;
  /** Throws when Redis does not take every tombstone. */
  tombstone(keys: readonly string[]): Promise<void>;
}

const notFound = 'null';
const tombstone = 'stale';

/** `bypass` says when the cache must not be trusted: while some invalidation has not reached Redis. */
export function createVerdictCache<T>(redis: Redis, maxTtlSeconds: number, bypass: () => boolean): VerdictCache<T> {
  return {
    async get(key) {
      if (bypass()) return undefined;
      try {
        const raw = await redis.get(`verdict:${key}`);
        if (raw === null || raw === tombstone) return undefined;
        return raw === notFound ? null : (JSON.parse(raw) as T);
      } catch {
        return undefined; // Redis away: the caller reads PostgreSQL.
      }
    },
    async set(key, value, ttlSeconds) {
      if (bypass()) return;
      const ttl = Math.min(Math.floor(ttlSeconds), maxTtlSeconds);
      if (ttl < 1) return;
      await redis.set(`verdict:${key}`, value === null ? notFound : JSON.stringify(value), 'EX', ttl, 'NX').catch(() => undefined);
    },
    async tombstone(keys) {
      if (keys.length === 0) return;
      const batch = redis.multi();
      for (const key of keys) batch.set(`verdict:${key}`, tombstone, 'EX', maxTtlSeconds);
      const results = await batch.exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('the Redis transaction was discarded');
    },
  };
}
