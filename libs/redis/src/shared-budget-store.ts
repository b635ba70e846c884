import type { Redis } from 'ioredis';

interface Counter {
  /** The window's length in ms, and its number since the epoch. */
  length: number;
  window: number;
  /** Every instance's count for the window, as Redis had it at this instance's last report. */
  reported: number;
  /** Counted here since then. */
  pending: number;
}

type Incremented = (error: Error | null, result: { current: number; ttl: number }) => void;

const maxKeys = 50_000;

/**
 * An `@fastify/rate-limit` store that shares one budget between a service's instances without a Redis round trip per
 * request: each instance counts in memory and adds its counts to Redis every `reportMs` (one pipeline for every
 * key), learning the others' counts in the same answer. Windows are fixed and aligned to the clock, so every
 * instance agrees on them. Until a report comes back an instance knows only its own counts: together the instances
 * can admit at most what each serves in `reportMs` beyond a budget, once per window (ADR 9). One instance alone is
 * exact. While Redis is away every instance keeps counting on its own.
 */
export function sharedBudgetStore(redis: Redis, options: { reportMs: number; nameSpace: string }) {
  const counters = new Map<string, Counter>();
  let reporting = false;

  const report = async () => {
    if (reporting) return;
    const due = [...counters].filter(([, counter]) => counter.pending > 0);
    if (due.length === 0) return;
    reporting = true;
    const batch = redis.pipeline();
    for (const [key, counter] of due) {
      const redisKey = `${options.nameSpace}${key}:${counter.window}`;
      batch.incrby(redisKey, counter.pending);
      batch.pexpire(redisKey, 2 * counter.length);
    }
    const sent = due.map(([, counter]) => ({ counter, window: counter.window, count: counter.pending }));
    try {
      const results = await batch.exec();
      sent.forEach(({ counter, window, count }, index) => {
        const [error, total] = results?.[2 * index] ?? [new Error('no answer')];
        if (error || counter.window !== window) return;
        counter.pending -= count;
        counter.reported = Number(total);
      });
    } catch {
      // Redis away: the counts stay pending and are reported with the next round.
    } finally {
      reporting = false;
    }
  };
  const timer = setInterval(() => void report(), options.reportMs);
  timer.unref();

  return class SharedBudgetStore {
    incr(key: string, done: Incremented, timeWindow: number): void {
      const now = Date.now();
      const window = Math.floor(now / timeWindow);
      let counter = counters.get(key);
      if (!counter || counter.window !== window) {
        if (!counter && counters.size >= maxKeys) evictOldest(counters);
        counter = { length: timeWindow, window, reported: 0, pending: 0 };
        // Deleted first, so a key seen in a new window moves to the back: the oldest evicted is the least recent.
        counters.delete(key);
        counters.set(key, counter);
      }
      counter.pending++;
      done(null, { current: counter.reported + counter.pending, ttl: (window + 1) * timeWindow - now });
    }

    child(): SharedBudgetStore {
      return new SharedBudgetStore();
    }
  };
}

function evictOldest(counters: Map<string, Counter>): void {
  const oldest = counters.keys().next();
  if (!oldest.done) counters.delete(oldest.value);
}
