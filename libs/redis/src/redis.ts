import { Redis } from 'ioredis';
import { withDeadline } from '@tessera/config';

/**
 * A connection whose commands fail fast while Redis is away, instead of queueing without bound, and time out while
 * it is connected but stalled: callers fall back (or step aside) rather than hang a request.
 */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3_000, commandTimeout: 1_000 });
}

export async function connectRedis(redis: Redis): Promise<void> {
  await withDeadline('REDIS_URL', 'Redis', 10_000, async () => {
    await redis.connect();
    await redis.ping();
  });
}
