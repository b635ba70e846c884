import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '@tessera/telemetry';

/**
 * Redis cache of credential lookups, keyed by the credential's digest (never the credential). It holds the facts,
 * not the verdict, so expiry is decided at read time. Entries live no longer than the credential and at most
 * `maxTtlSeconds`; a change to a credential replaces its entry with a tombstone (cache-invalidations.ts).
 *
 * Tombstones, not deletions: a Validate that read PostgreSQL just before a revocation committed may write its
 * (now stale) entry after the revocation's invalidation. Entries are written only where no key exists (SET NX), so
 * such a late write never lands over a tombstone, and a tombstone outlives any entry written before it.
 *
 * Whoever can write to Redis is not trusted with roles: every entry carries an HMAC, under a key only the token
 * services hold, over its cache key, its expiry and its content. An entry that fails the check is a miss (the
 * caller reads PostgreSQL) and an alert. The cache key in the MAC stops a genuine entry from being copied onto
 * another credential, and the expiry stops one from being replayed after it would have expired. A tombstone is not
 * authenticated: a forged one only forces a miss.
 */
export interface VerdictCache<T> {
  get(key: string): Promise<T | null | undefined>;
  set(key: string, value: T | null, ttlSeconds: number): Promise<void>;
  /** Throws when Redis does not take every tombstone. */
  tombstone(keys: readonly string[]): Promise<void>;
}

export interface VerdictCacheOptions {
  maxTtlSeconds: number;
  /** Says when the cache must not be trusted: while some invalidation has not reached Redis. */
  bypass: () => boolean;
  /** The HMAC key of entries (VALIDATION_CACHE_HMAC_KEY). */
  hmacKey: string;
  logger: Logger;
  now?: () => number;
}

const notFound = 'null';
const tombstone = 'stale';
const version = 'v1';
// version:expiry (Unix seconds):HMAC (base64url of SHA-256, 43 characters):content
const entryPattern = /^v1:(\d{1,12}):([A-Za-z0-9_-]{43}):([\s\S]*)$/;

export function createVerdictCache<T>(redis: Redis, options: VerdictCacheOptions): VerdictCache<T> {
  const now = options.now ?? Date.now;
  const mac = (key: string, expiresAt: string, content: string) =>
    createHmac('sha256', options.hmacKey).update(`${version}\n${key}\n${expiresAt}\n${content}`).digest();

  const refuse = (key: string, reason: 'malformed' | 'bad_mac' | 'expired') => {
    // The key's kind only: its digest part would tie the alert to a credential.
    options.logger.error(
      { event: 'validation_cache_record_rejected', reason, credential: key.slice(0, key.indexOf(':')) },
      'a validation cache entry in Redis failed its authentication; ignored it and read PostgreSQL (has someone else written to Redis?)',
    );
    return undefined;
  };

  const open = (key: string, raw: string): T | null | undefined => {
    const match = entryPattern.exec(raw);
    if (!match) return refuse(key, 'malformed');
    const [, expiresAt, presented, content] = match as unknown as [string, string, string, string];
    if (!timingSafeEqual(Buffer.from(presented, 'base64url'), mac(key, expiresAt, content))) return refuse(key, 'bad_mac');
    if (Number(expiresAt) * 1000 <= now()) return refuse(key, 'expired');
    return content === notFound ? null : (JSON.parse(content) as T);
  };

  return {
    async get(key) {
      if (options.bypass()) return undefined;
      let raw: string | null;
      try {
        raw = await redis.get(`verdict:${key}`);
      } catch {
        return undefined; // Redis away: the caller reads PostgreSQL.
      }
      if (raw === null || raw === tombstone) return undefined;
      return open(key, raw);
    },
    async set(key, value, ttlSeconds) {
      if (options.bypass()) return;
      const ttl = Math.min(Math.floor(ttlSeconds), options.maxTtlSeconds);
      if (ttl < 1) return;
      // Rounded up: never before Redis drops the entry itself, or a genuine entry read in its last second would be refused.
      const expiresAt = String(Math.ceil(now() / 1000) + ttl);
      const content = value === null ? notFound : JSON.stringify(value);
      const entry = `${version}:${expiresAt}:${mac(key, expiresAt, content).toString('base64url')}:${content}`;
      await redis.set(`verdict:${key}`, entry, 'EX', ttl, 'NX').catch(() => undefined);
    },
    async tombstone(keys) {
      if (keys.length === 0) return;
      const batch = redis.multi();
      for (const key of keys) batch.set(`verdict:${key}`, tombstone, 'EX', options.maxTtlSeconds);
      const results = await batch.exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('the Redis transaction was discarded');
    },
  };
}
