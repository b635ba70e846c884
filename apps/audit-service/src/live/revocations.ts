import { listenForInvalidations, type InvalidationBusOptions } from '@tessera/redis';

/**
 * Tells open streams that their credential may no longer be good. The token service announces every change to a
 * credential (revoked, expired, its user deactivated, its secret replaced) on the invalidation bus and waits for
 * every listener to acknowledge it, or to lose its lease, before the change is reported done (ADR 8). This listener
 * ends the streams in its acknowledgement, so a stream ends before the revoking call returns; one that lost its
 * lease may have missed an announcement, and ends every stream within half a lease.
 */
export interface Revocations {
  /** Where the announcements stand; taken before a credential is checked, and handed to `watch`. */
  position(): number;
  /**
   * Calls `revoked` once the credential under `cacheKey` may have changed since `position`, never before this call
   * has returned: if it already may have, in the next microtask. Returns the call that stops watching.
   */
  watch(cacheKey: string, since: number, revoked: () => void): () => void;
  /** Announcements are being heard: a stream opened now will learn of its revocation. */
  readonly listening: boolean;
  close(): void;
}

// Enough to cover the announcements made while a credential is being checked (a Validate, at most seconds).
const remembered = 10_000;

export async function listenForRevocations(options: InvalidationBusOptions): Promise<Revocations> {
  const watchers = new Map<string, Set<() => void>>();
  // The announcements lately heard, in order; `everything` is a loss of trust, after which any credential may have changed.
  const recent: Array<{ position: number; keys: ReadonlySet<string> | 'everything' }> = [];
  let position = 0;

  const heard = (keys: ReadonlySet<string> | 'everything') => {
    recent.push({ position: ++position, keys });
    if (recent.length > remembered) recent.shift();
    const ended = keys === 'everything' ? [...watchers.values()] : [...keys].flatMap((key) => (watchers.has(key) ? [watchers.get(key)!] : []));
    for (const revoked of ended.flatMap((set) => [...set])) revoked();
  };
  const changedSince = (since: number, cacheKey: string) => {
    if (since === position) return false;
    const oldest = recent[0];
    if (!oldest || oldest.position > since + 1) return true;
    return recent.some((entry) => entry.position > since && (entry.keys === 'everything' || entry.keys.has(cacheKey)));
  };

  const listener = await listenForInvalidations({
    ...options,
    onInvalidate: (keys) => heard(new Set(keys)),
    onDistrust: () => heard('everything'),
  });
  let trusted = listener.trusted;
  const check = setInterval(() => {
    const now = listener.trusted;
    if (trusted && !now) heard('everything');
    trusted = now;
  }, Math.max(10, Math.floor(options.leaseMs / 2)));
  check.unref();

  return {
    position: () => position,
    watch(cacheKey, since, revoked) {
      if (!listener.trusted || changedSince(since, cacheKey)) {
        queueMicrotask(revoked);
        return () => undefined;
      }
      const set = watchers.get(cacheKey) ?? new Set();
      watchers.set(cacheKey, set.add(revoked));
      return () => {
        set.delete(revoked);
        if (set.size === 0 && watchers.get(cacheKey) === set) watchers.delete(cacheKey);
      };
    },
    get listening() {
      return listener.trusted;
    },
    close() {
      clearInterval(check);
      listener.close();
    },
  };
}
