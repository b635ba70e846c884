import { LRUCache } from 'lru-cache';
import { listenForInvalidations, type InvalidationBusOptions } from './invalidation-bus.ts';

/**
 * An instance's own memory of looked-up facts, in front of a slower source (Redis, PostgreSQL, the token service),
 * emptied by acknowledged invalidations (invalidation-bus.ts), so it never serves what a change has made stale.
 */
export interface LocalCache<T extends object> {
  /** A cached value, or undefined when there is none or the cache cannot be trusted right now. */
  get(key: string): T | undefined;
  /** Taken before a lookup starts, and handed back to `set` with its answer. */
  generation(): number;
  /** Keeps an answer for at most `ttlMs`, unless an invalidation or a loss of trust came after `generation`. */
  set(key: string, value: T, ttlMs: number, generation: number): void;
  close(): void;
}

export async function startLocalCache<T extends object>(
  options: InvalidationBusOptions & {
    maxEntries: number;
    maxAgeMs: number;
    /** When the cache must not be read though the bus is up: some change has not been announced yet. */
    bypass?: () => boolean;
  },
): Promise<LocalCache<T>> {
  const bypass = options.bypass ?? (() => false);
  const entries = new LRUCache<string, T>({ max: options.maxEntries, ttl: options.maxAgeMs, ttlAutopurge: false });
  const listener = await listenForInvalidations({
    ...options,
    onInvalidate: (keys) => {
      for (const key of keys) entries.delete(key);
    },
    onDistrust: () => entries.clear(),
  });
  return {
    get: (key) => (listener.trusted && !bypass() ? entries.get(key) : undefined),
    generation: () => listener.generation,
    set(key, value, ttlMs, generation) {
      const ttl = Math.min(Math.floor(ttlMs), options.maxAgeMs);
      if (ttl >= 1 && generation === listener.generation && listener.trusted) entries.set(key, value, { ttl });
    },
    close: () => listener.close(),
  };
}
