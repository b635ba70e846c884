import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createInvalidationAnnouncer, type InvalidationAnnouncer } from '@tessera/redis';
import { getInfrastructure, uniqueName, waitFor } from '@tessera/testing';
import { listenForRevocations, type Revocations } from './revocations.ts';

describe('revocations heard on the invalidation bus, against the real Redis', () => {
  let url: string;
  let admin: Redis;
  before(async () => {
    url = (await getInfrastructure()).redisUrl;
    admin = new Redis(url);
  });
  after(() => admin.disconnect());

  const setUp = async (t: TestContext) => {
    const bus = { url, keyPrefix: `${uniqueName('revocations')}:`, leaseMs: 500 };
    const revocations: Revocations = await listenForRevocations(bus);
    const announcer: InvalidationAnnouncer = await createInvalidationAnnouncer(bus);
    t.after(() => {
      revocations.close();
      announcer.close();
    });
    await waitFor(() => revocations.listening, { timeoutMs: 10_000, description: 'the lease held' });
    return { bus, revocations, announcer };
  };
  const watching = (revocations: Revocations, key: string, since = revocations.position()) => {
    const state = { revoked: false };
    revocations.watch(key, since, () => (state.revoked = true));
    return state;
  };

  it('tells the watchers of an announced credential before the announcement is acknowledged, and no one else', async (t) => {
    const { revocations, announcer } = await setUp(t);
    const [a, b] = [watching(revocations, 'token:a'), watching(revocations, 'token:b')];
    await announcer.announce(['token:a']);
    assert.deepEqual([a.revoked, b.revoked], [true, false]);
  });

  it('tells a watcher of an announcement made while its credential was being checked', async (t) => {
    const { revocations, announcer } = await setUp(t);
    const before = revocations.position();
    await announcer.announce(['token:c']);
    const [c, d] = [watching(revocations, 'token:c', before), watching(revocations, 'token:d', before)];
    await waitFor(() => c.revoked, { timeoutMs: 1_000, description: 'the earlier revocation applied' });
    assert.equal(d.revoked, false);
  });

  it('tells every watcher once its subscription is cut, since an announcement may have been missed', async (t) => {
    const { bus, revocations } = await setUp(t);
    const e = watching(revocations, 'token:e');
    await admin.client('KILL', 'ID', String(await subscriberId(admin, `${bus.keyPrefix}invalidation-listener`)));
    await waitFor(() => e.revoked, { timeoutMs: 2_000, description: 'the watcher told' });
  });
});

async function subscriberId(admin: Redis, name: string): Promise<number> {
  const list = (await admin.client('LIST')) as string;
  const line = list.split('\n').find((entry) => entry.includes(` name=${name} `));
  assert.ok(line, `no connection named ${name}`);
  return Number(/\bid=(\d+)/.exec(line)![1]);
}
