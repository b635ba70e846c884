import { rootCertificates } from 'node:tls';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError, withDeadline } from '@tessera/config';

/**
 * How to reach Redis. REDIS_URL carries the rest: `redis://user:password@host:port` authenticates with AUTH (an
 * ACL user, or `default` and the `requirepass` password), and `rediss://` connects over TLS, checking the server's
 * certificate against the system's CAs plus `tlsCa`.
 */
export interface RedisEndpoint {
  url: string;
  /** PEM certificates to trust for a rediss:// server (REDIS_TLS_CA_FILE), e.g. a private CA. */
  tlsCa?: string | undefined;
}

/** The options every connection to `endpoint` shares. */
export function endpointOptions(endpoint: RedisEndpoint): RedisOptions {
  if (endpoint.tlsCa === undefined) return {};
  if (new URL(endpoint.url).protocol !== 'rediss:') {
    throw new ConfigError(['REDIS_TLS_CA_FILE is set, but REDIS_URL is not a rediss:// URL: the connection would not use TLS.']);
  }
  // Added to Node's own CAs rather than replacing them, so a public certificate is still trusted.
  return { tls: { ca: [endpoint.tlsCa, ...rootCertificates] } };
}

/**
 * A connection whose commands fail fast while Redis is away, instead of queueing without bound, and time out while
 * it is connected but stalled: callers fall back (or step aside) rather than hang a request.
 */
export function createRedis(endpoint: RedisEndpoint, keyPrefix: string): Redis {
  return new Redis(endpoint.url, {
    ...endpointOptions(endpoint),
    keyPrefix,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 3_000,
    commandTimeout: 1_000,
  });
}

export async function connectRedis(redis: Redis): Promise<void> {
  // connect() itself only says "Connection is closed": the cause (a refused password, an untrusted certificate)
  // comes as an error event, and is what the start-up error must name.
  let failure: Error | undefined;
  const remember = (error: Error) => (failure ??= error);
  redis.on('error', remember);
  try {
    await withDeadline('REDIS_URL', 'Redis', 10_000, async () => {
      await redis.connect().catch((error: unknown) => {
        throw failure ?? error;
      });
      await redis.ping();
    });
  } finally {
    redis.off('error', remember);
  }
}
