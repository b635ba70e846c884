import type { Redis } from 'ioredis';
import type { Logger } from '@tessera/telemetry';

/**
 * Redis cache of credential lookups, keyed by the credential's digest (never the credential). It holds the facts,
 * not the verdict, so expiry is decided at read time. Entries live no longer than the credential and at most
 * `maxTtlSeconds`; revocation, logout and deactivation replace them with tombstones before their call returns.
 *
 * Tombstones, not deletions: a Validate that read PostgreSQL just before a revocation committed may write its
 * (now stale) entry after the revocation's invalidation. Entries are written only where no key exists (SET NX), so
 * such a late write never lands over a tombstone, and a tombstone outlives any entry written before it.
 *
 * If Redis cannot take a deletion, this instance stops reading the cache until the deletion has been retried
 * successfully; the TTL bounds how long another instance could still read the stale entry.
 */
export interface VerdictCache<T> {
  get(key: string): Promise<T | null | undefined>;
  set(key: string, value: T | null, ttlSeconds: number): Promise<void>;
  forget(keys: readonly string[]): Promise<void>;
  stop(): void;
}

const notFound = 'null';
const tombstone = 'stale';

export function createVerdictCache<T>(redis: Redis, logger: Logger, maxTtlSeconds: number): VerdictCache<T> {
  const pending = new Set<string>();
  let retryTimer: NodeJS.Timeout | undefined;

  const retryForgetting = () => {
    retryTimer ??= setInterval(() => {
      const keys = [...pending];
      tombstoneAll(keys).then(
        () => {
          for (const key of keys) pending.delete(key);
          if (pending.size === 0) {
            clearInterval(retryTimer);
            retryTimer = undefined;
            logger.info('validation cache invalidations caught up; reading the cache again');
          }
        },
        () => undefined,
      );
    }, 500);
  };

  const tombstoneAll = async (keys: readonly string[]) => {
    const batch = redis.multi();
    for (const key of keys) batch.set(key, tombstone, 'EX', maxTtlSeconds);
    const results = await batch.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new Error('transaction discarded');
  };

  return {
    async get(key) {
      if (pending.size > 0) return undefined;
      try {
        const raw = await redis.get(`verdict:${key}`);
        if (raw === null || raw === tombstone) return undefined;
        return raw === notFound ? null : (JSON.parse(raw) as T);
      } catch {
        return undefined; // Redis away: the caller reads PostgreSQL.
      }
    },
    async set(key, value, ttlSeconds) {
      if (pending.size > 0) return;
      const ttl = Math.min(Math.floor(ttlSeconds), maxTtlSeconds);
      if (ttl < 1) return;
      await redis.set(`verdict:${key}`, value === null ? notFound : JSON.stringify(value), 'EX', ttl, 'NX').catch(() => undefined);
    },
    async forget(keys) {
      if (keys.length === 0) return;
      try {
        await tombstoneAll(keys.map((key) => `verdict:${key}`));
      } catch (error) {
        logger.warn({ err: error, count: keys.length }, 'could not invalidate cached credentials; bypassing the cache until it works');
        for (const key of keys) pending.add(`verdict:${key}`);
        retryForgetting();
      }
    },
    stop() {
      clearInterval(retryTimer);
    },
  };
}
