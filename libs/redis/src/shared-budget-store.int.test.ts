import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { getInfrastructure, uniqueName, waitFor } from '@tessera/testing';
import { sharedBudgetStore } from './shared-budget-store.ts';

const incr = (store: { incr: (key: string, done: (error: Error | null, result: { current: number; ttl: number }) => void, timeWindow: number) => void }, key: string) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result)), 60_000));

describe('a rate-limit budget shared by a service\'s instances through the real Redis', () => {
  let redis: Redis;
  before(async () => {
    redis = new Redis((await getInfrastructure()).redisUrl);
  });
  after(() => redis.disconnect());

  it('counts one instance exactly, and learns the other instances\' counts at its next report', async () => {
    const nameSpace = `${uniqueName('budget')}:`;
    const First = sharedBudgetStore(redis, { reportMs: 20, nameSpace });
    const Second = sharedBudgetStore(redis, { reportMs: 20, nameSpace });
    const first = new First();
    const second = new Second();
    for (let i = 1; i <= 5; i++) assert.equal((await incr(first, 'ip-a')).current, i);
    for (let i = 1; i <= 3; i++) assert.equal((await incr(second, 'ip-a')).current, i);
    const counted = async (total: number) =>
      waitFor(async () => Number(await redis.get(`${nameSpace}ip-a:${Math.floor(Date.now() / 60_000)}`)) === total, {
        timeoutMs: 10_000,
        description: `${total} requests reported`,
      });
    await counted(8);
    // The second instance's next report answers with every instance's count: from then on it knows of the first's.
    await incr(second, 'ip-a');
    await counted(9);
    assert.equal((await incr(second, 'ip-a')).current, 10);
    assert.equal((await incr(first, 'ip-b')).current, 1, 'keys are counted apart');
  });

  it('tells how long until the window ends', async () => {
    const Store = sharedBudgetStore(redis, { reportMs: 1_000, nameSpace: `${uniqueName('budget')}:` });
    const { ttl } = await incr(new Store(), 'ip-c');
    assert.ok(ttl > 0 && ttl <= 60_000);
  });
});
