import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { endpointOptions, type RedisEndpoint } from './redis.ts';

/**
 * Invalidations of in-process caches, broadcast over Redis pub/sub and acknowledged, so that a change (a revoked
 * token) is out of every instance's memory before the call that made it returns. ADR 8 says why this holds:
 *
 * - A listener serves its cache only while it holds a lease: a PING sent on its subscription connection less than
 *   `leaseMs` ago has been answered. Redis answers a PING after every message published before it, on the same
 *   connection and in order, so a listener that holds the lease has seen every invalidation published earlier.
 * - The announcer publishes, then waits for an acknowledgement from every subscriber the message reached (PUBLISH
 *   says how many), or for `leaseMs`, whichever comes first. A listener that was cut off, stalled or died without
 *   acknowledging has lost its lease by then, so it no longer serves what it cached.
 * - A listener whose connection closed may have missed messages: it drops everything it cached.
 */
export interface InvalidationListener {
  /** Cached entries may be served. */
  readonly trusted: boolean;
  /**
   * Moves on with every invalidation and every loss of trust. A lookup that started at another generation may have
   * read what an invalidation in between removed: its answer is used, but not cached.
   */
  readonly generation: number;
  close(): void;
}

export interface InvalidationAnnouncer {
  /** Resolves once every listener dropped `keys`, or has stopped serving its cache. Throws when Redis refuses. */
  announce(keys: readonly string[]): Promise<void>;
  close(): void;
}

export interface InvalidationBusOptions extends RedisEndpoint {
  /** The services' REDIS_KEY_PREFIX: the channels are named under it, so two installations on one Redis stay apart. */
  keyPrefix: string;
  leaseMs: number;
}

const channels = (keyPrefix: string) => ({ invalidations: `${keyPrefix}invalidations`, acks: `${keyPrefix}invalidation-acks` });
// Commands time out after a lease: an announcer whose Redis went silent fails (and says so) instead of hanging.
const connection = (endpoint: RedisEndpoint, connectionName: string, leaseMs: number) =>
  new Redis(endpoint.url, {
    ...endpointOptions(endpoint),
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 3_000,
    commandTimeout: leaseMs,
    connectionName,
  });

export async function listenForInvalidations(
  options: InvalidationBusOptions & {
    onInvalidate: (keys: readonly string[]) => void;
    /** Everything cached may be stale: drop it. */
    onDistrust: () => void;
  },
): Promise<InvalidationListener> {
  const { invalidations, acks } = channels(options.keyPrefix);
  // Subscribed connections carry only pub/sub traffic: acknowledgements go out on a second one.
  const subscriber = connection(options, `${options.keyPrefix}invalidation-listener`, options.leaseMs);
  const publisher = connection(options, `${options.keyPrefix}invalidation-acks`, options.leaseMs);
  // Subscribing again after a reconnect is done here, not by ioredis, so the lease knows when it took effect.
  subscriber.options.autoResubscribe = false;
  // Only a PING sent after the SUBSCRIBE was answered, on the same connection, proves that nothing published since
  // was missed.
  let subscribedSince = Number.POSITIVE_INFINITY;
  let subscribing: Promise<void> | undefined;
  let confirmedAt = Number.NEGATIVE_INFINITY;
  let generation = 0;

  const subscribe = (): Promise<void> =>
    (subscribing ??= subscriber
      .subscribe(invalidations)
      .then(() => {
        subscribedSince = performance.now();
      })
      .finally(() => {
        subscribing = undefined;
      }));
  subscriber.on('close', () => {
    subscribedSince = Number.POSITIVE_INFINITY;
    confirmedAt = Number.NEGATIVE_INFINITY;
    generation++;
    options.onDistrust();
  });
  subscriber.on('ready', () => {
    if (subscribedSince === Number.POSITIVE_INFINITY) subscribe().catch(() => subscriber.disconnect(true));
  });
  subscriber.on('message', (_channel: string, payload: string) => {
    const message = parse(payload);
    generation++;
    if (!message) return options.onDistrust();
    options.onInvalidate(message.keys);
    publisher.publish(acks, message.id).catch(() => undefined); // unacknowledged, the announcer waits out the lease
  });

  await Promise.all([subscriber.connect(), publisher.connect()]);
  if (subscribedSince === Number.POSITIVE_INFINITY) await subscribe();
  const renew = () => {
    const sentAt = performance.now();
    subscriber.ping().then(
      () => {
        if (sentAt >= subscribedSince && sentAt > confirmedAt) confirmedAt = sentAt;
      },
      () => undefined,
    );
  };
  renew();
  const timer = setInterval(renew, Math.max(10, Math.floor(options.leaseMs / 5)));
  timer.unref();

  return {
    get trusted() {
      return performance.now() - confirmedAt < options.leaseMs;
    },
    get generation() {
      return generation;
    },
    close() {
      clearInterval(timer);
      subscriber.removeAllListeners('close');
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

export async function createInvalidationAnnouncer(options: InvalidationBusOptions): Promise<InvalidationAnnouncer> {
  const { invalidations, acks } = channels(options.keyPrefix);
  const publisher = connection(options, `${options.keyPrefix}invalidation-announcer`, options.leaseMs);
  const ackListener = connection(options, `${options.keyPrefix}invalidation-ack-listener`, options.leaseMs);
  ackListener.options.enableOfflineQueue = true;
  const waiting = new Map<string, { expected: number; received: number; done: () => void }>();
  ackListener.on('message', (_channel: string, id: string) => {
    const entry = waiting.get(id);
    if (!entry) return;
    entry.received++;
    if (entry.received >= entry.expected) entry.done();
  });
  await Promise.all([publisher.connect(), ackListener.connect()]);
  await ackListener.subscribe(acks);

  return {
    async announce(keys) {
      if (keys.length === 0) return;
      const id = randomUUID();
      let timer: NodeJS.Timeout | undefined;
      // Registered before publishing: an acknowledgement may arrive before PUBLISH's own answer does.
      const acknowledged = new Promise<void>((resolve) => {
        waiting.set(id, { expected: Number.POSITIVE_INFINITY, received: 0, done: resolve });
      });
      try {
        const receivers = await publisher.publish(invalidations, JSON.stringify({ id, keys }));
        const entry = waiting.get(id)!;
        entry.expected = receivers;
        if (entry.received >= receivers) return;
        await Promise.race([acknowledged, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.leaseMs)))]);
      } finally {
        clearTimeout(timer);
        waiting.delete(id);
      }
    },
    close() {
      publisher.disconnect();
      ackListener.disconnect();
    },
  };
}

function parse(payload: string): { id: string; keys: string[] } | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    const { id, keys } = value as { id?: unknown; keys?: unknown };
    return typeof id === 'string' && Array.isArray(keys) && keys.every((key) => typeof key === 'string') ? { id, keys } : undefined;
  } catch {
    return undefined;
  }
}
