import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { getInfrastructure, uniqueName, waitFor } from '@tessera/testing';
import { createInvalidationAnnouncer, startLocalCache, type InvalidationAnnouncer, type LocalCache } from './index.ts';

describe('in-process caches emptied by acknowledged invalidations, against the real Redis', () => {
  let url: string;
  let admin: Redis;
  const closers: Array<{ close(): void }> = [];
  const track = <T extends { close(): void }>(item: T) => (closers.push(item), item);

  before(async () => {
    url = (await getInfrastructure()).redisUrl;
    admin = new Redis(url);
  });
  after(() => {
    for (const item of closers) item.close();
    admin.disconnect();
  });

  const setUp = async (leaseMs: number, instances = 2) => {
    const bus = { url, keyPrefix: `${uniqueName('bus')}:`, leaseMs };
    const caches: LocalCache<{ v: number }>[] = [];
    for (let i = 0; i < instances; i++) caches.push(track(await startLocalCache<{ v: number }>({ ...bus, maxEntries: 100, maxAgeMs: 60_000 })));
    const announcer: InvalidationAnnouncer = track(await createInvalidationAnnouncer(bus));
    await waitFor(() => caches.every((cache) => (cache.set('probe', { v: 0 }, 60_000, cache.generation()), cache.get('probe') !== undefined)), {
      timeoutMs: 10_000,
      description: 'every cache holding its lease',
    });
    return { bus, caches, announcer };
  };

  it('drops a key on every instance before announce resolves, by acknowledgement rather than by the lease', async () => {
    // A lease far longer than the test's deadline: only acknowledgements can end the wait in time.
    const { caches, announcer } = await setUp(120_000);
    for (const cache of caches) cache.set('token:a', { v: 1 }, 60_000, cache.generation());
    for (const cache of caches) cache.set('token:b', { v: 2 }, 60_000, cache.generation());
    await waitFor(async () => (await Promise.race([announcer.announce(['token:a']).then(() => true), sleepResolve(20_000)])) === true, {
      timeoutMs: 30_000,
      description: 'the announcement acknowledged',
    });
    for (const cache of caches) {
      assert.equal(cache.get('token:a'), undefined);
      assert.deepEqual(cache.get('token:b'), { v: 2 });
    }
  });

  it('waits out the lease for a subscriber that never acknowledges', async () => {
    const leaseMs = 300;
    const { bus, caches, announcer } = await setUp(leaseMs, 1);
    const silent = new Redis(url);
    await silent.subscribe(`${bus.keyPrefix}invalidations`);
    try {
      const started = performance.now();
      await announcer.announce(['token:x']);
      assert.ok(performance.now() - started >= leaseMs - 1, 'returned before a silent subscriber could have lost its lease');
      assert.equal(caches[0]!.get('token:x'), undefined);
    } finally {
      silent.disconnect();
    }
  });

  it('keeps no answer whose lookup began before an invalidation', async () => {
    const { caches, announcer } = await setUp(120_000, 1);
    const cache = caches[0]!;
    const generation = cache.generation();
    await announcer.announce(['token:other']);
    cache.set('token:late', { v: 3 }, 60_000, generation);
    assert.equal(cache.get('token:late'), undefined);
    cache.set('token:late', { v: 3 }, 60_000, cache.generation());
    assert.deepEqual(cache.get('token:late'), { v: 3 });
  });

  it('forgets everything when its subscription is cut, and serves again once subscribed anew', async () => {
    const { bus, caches } = await setUp(500, 1);
    const cache = caches[0]!;
    cache.set('token:c', { v: 4 }, 60_000, cache.generation());
    const clients = (await admin.client('LIST')) as string;
    const id = clients.split('\n').find((line) => line.includes(` name=${bus.keyPrefix}invalidation-listener `))?.match(/^id=(\d+)/)?.[1];
    assert.ok(id, 'the listener names its connection');
    const before = cache.generation();
    await admin.client('KILL', 'ID', id);
    await waitFor(() => cache.generation() !== before, { timeoutMs: 10_000, description: 'the cut noticed' });
    assert.equal(cache.get('token:c'), undefined);
    await waitFor(() => (cache.set('token:d', { v: 5 }, 60_000, cache.generation()), cache.get('token:d') !== undefined), {
      timeoutMs: 15_000,
      description: 'the cache serving again after re-subscribing',
    });
    assert.equal(cache.get('token:c'), undefined);
  });
});

const sleepResolve = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
