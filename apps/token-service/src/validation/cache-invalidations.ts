import { credentialCacheKey } from '@tessera/contracts';
import type { Pool, PoolClient } from '@tessera/postgres';
import type { Logger } from '@tessera/telemetry';

/**
 * Records, in the transaction of the events that make them stale, the cache keys of every credential whose facts
 * changed: a token revoked or expired, a user deactivated or reactivated, an API secret replaced.
 */
export async function recordStaleTokens(client: PoolClient, where: { tokenId: string } | { userId: string }): Promise<void> {
  const [column, value] = 'tokenId' in where ? ['token_id', where.tokenId] : ['user_id', where.userId];
  const { rows } = await client.query<{ token_digest: string }>(`select token_digest from tokens where ${column} = $1`, [value]);
  await record(client, rows.map((row) => credentialCacheKey({ kind: 'token', digest: row.token_digest })));
}

/** A user's API key under its current secret (call before the secret is replaced). */
export async function recordStaleApiKey(client: PoolClient, userId: string): Promise<void> {
  const { rows } = await client.query<{ api_key: string; secret_digest: string }>('select api_key, secret_digest from api_keys where user_id = $1', [userId]);
  await record(client, rows.map((row) => credentialCacheKey({ kind: 'api_key', apiKey: row.api_key, digest: row.secret_digest })));
}

async function record(client: PoolClient, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await client.query('insert into cache_invalidations (cache_key) select unnest($1::text[])', [keys]);
}

export interface CacheInvalidations {
  /**
   * Writes every recorded invalidation to Redis and out of every instance's memory; a command calls it before it
   * returns. Throws InvalidationsPending when that could not be done: the command must not report success, since an
   * instance may still answer from what it remembers (the poll goes on trying in the background).
   */
  flush(): Promise<void>;
  /** Some invalidation is not in Redis yet: the cache must not be read. */
  readonly backlog: boolean;
  stop(): void;
}

const batchSize = 1000;

/** A change is committed, but not yet out of every cache: answered UNAVAILABLE, so the caller asks again. */
export class InvalidationsPending extends Error {
  constructor(cause: unknown) {
    super('The change is recorded, but not every instance has confirmed it yet; retry in a moment.', { cause });
    this.name = 'InvalidationsPending';
  }
}

/**
 * Drains recorded invalidations into Redis as tombstones, then announces them to every instance's in-process cache
 * and waits until each has dropped them (invalidation-bus.ts). Every instance polls the table, so when one instance
 * cannot reach Redis, or dies between its commit and its flush, every other instance stops trusting the cache
 * within one poll and drains the backlog itself once Redis answers.
 */
export function startCacheInvalidations(deps: {
  pool: Pool;
  tombstone: (keys: readonly string[]) => Promise<void>;
  announce: (keys: readonly string[]) => Promise<void>;
  /** The Redis connection: after it was lost, the cache is not read until the backlog has been checked again. */
  connection: { on(event: 'close' | 'ready', listener: () => void): unknown };
  logger: Logger;
  pollMs: number;
}): CacheInvalidations {
  let backlog = false;
  let warned = false;
  // A Redis that comes back may bring entries made stale while it was away (its append-only file), and another
  // instance may have recorded the invalidation moments ago, before this one's next poll: check before trusting it.
  let interrupted = false;
  deps.connection.on('close', () => {
    interrupted = true;
  });
  const drainOnce = async (): Promise<number> => {
    const { rows } = await deps.pool.query<{ id: string; cache_key: string }>('select id, cache_key from cache_invalidations order by id limit $1', [batchSize]);
    backlog = rows.length > 0;
    if (rows.length === 0) return 0;
    const keys = rows.map((row) => row.cache_key);
    // Tombstones first: an instance that drops its entry and asks again must not find the stale one in Redis.
    await deps.tombstone(keys);
    await deps.announce(keys);
    await deps.pool.query('delete from cache_invalidations where id = any($1::bigint[])', [rows.map((row) => row.id)]);
    return rows.length;
  };

  const drainAll = async (): Promise<unknown> => {
    try {
      while ((await drainOnce()) === batchSize);
      backlog = false;
      if (warned) deps.logger.info('validation cache invalidations caught up; reading the cache again');
      warned = false;
      return undefined;
    } catch (error) {
      backlog = true;
      if (!warned) deps.logger.warn({ err: error }, 'cannot write cache invalidations to Redis; validating from PostgreSQL until it works');
      warned = true;
      return error;
    }
  };

  // One drain at a time, in order: two at once would announce the same keys twice, and one finishing would clear
  // the backlog flag while the other still held rows it had not written out. A flush queues behind a running drain,
  // whose rows may predate its own command's.
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const drain = (): Promise<unknown> => {
    pending++;
    queue = queue.then(drainAll).finally(() => pending--);
    return queue;
  };

  deps.connection.on('ready', () => {
    void drain().then(() => {
      interrupted = false;
    });
  });
  const timer = setInterval(() => {
    if (pending === 0) void drain();
  }, deps.pollMs);
  void drain();
  return {
    async flush() {
      const failure = await drain();
      if (failure !== undefined) throw new InvalidationsPending(failure);
    },
    get backlog() {
      return backlog || interrupted;
    },
    stop: () => clearInterval(timer),
  };
}
