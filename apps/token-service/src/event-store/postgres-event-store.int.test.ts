import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findUp } from '@tessera/config';
import { migrate, type Pool } from '@tessera/postgres';
import { migratedTestDatabase, type MigratedTestDatabase } from '@tessera/testing';
import { ConcurrencyError, PostgresEventStore, type StoredEvent } from './postgres-event-store.ts';

describe('PostgreSQL event store', () => {
  let database: MigratedTestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  const seenInTransaction: StoredEvent[][] = [];

  before(async () => {
    database = await migratedTestDatabase('event_store', import.meta.dirname);
    pool = database.pool;
    store = new PostgresEventStore(pool, async (client, events) => {
      // Whatever runs here sees the events uncommitted: it is inside the append's transaction.
      const { rows } = await client.query('select count(*)::int as n from events where event_id = any($1::uuid[])', [events.map((e) => e.eventId)]);
      assert.equal(rows[0].n, events.length);
      seenInTransaction.push([...events]);
      if (events.some((e) => e.type === 'Poison')) throw new Error('projection failed');
    });
  });

  after(async () => {
    await database.drop();
  });

  it('migrations are idempotent', async () => {
    assert.deepEqual(await migrate(pool, findUp(import.meta.dirname, 'migrations'), 'test'), []);
  });

  it('appends with increasing versions and global positions, and reads a stream back in order', async () => {
    const stored = await store.append([{ streamId: 's-1', expectedVersion: 0, events: [{ type: 'A', data: { n: 1 } }, { type: 'B', data: { n: 2 } }] }]);
    assert.deepEqual(stored.map((e) => e.streamVersion), [1, 2]);
    assert.ok(BigInt(stored[1]!.globalPosition) > BigInt(stored[0]!.globalPosition));
    assert.ok(stored.every((e) => /^[0-9a-f-]{36}$/.test(e.eventId) && e.schemaVersion === 1));
    assert.deepEqual(await store.readStream('s-1'), { version: 2, events: [{ type: 'A', data: { n: 1 } }, { type: 'B', data: { n: 2 } }] });
    assert.deepEqual(await store.readStream('nothing-here'), { version: 0, events: [] });
  });

  it('lets exactly one of two concurrent commands on a stream win; the other gets a conflict', async () => {
    await store.append([{ streamId: 's-2', expectedVersion: 0, events: [{ type: 'A', data: {} }] }]);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => store.append([{ streamId: 's-2', expectedVersion: 1, events: [{ type: 'B', data: { i } }] }])),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results.filter((r) => r.status === 'rejected')) assert.ok((r as PromiseRejectedResult).reason instanceof ConcurrencyError);
    assert.equal((await store.readStream('s-2')).version, 2);
  });

  it('appends to several streams atomically: a failure in the transaction leaves nothing behind', async () => {
    await assert.rejects(
      store.append([
        { streamId: 's-3', expectedVersion: 0, events: [{ type: 'A', data: {} }] },
        { streamId: 's-4', expectedVersion: 0, events: [{ type: 'Poison', data: {} }] },
      ]),
      /projection failed/,
    );
    assert.equal((await store.readStream('s-3')).version, 0);
    assert.equal((await store.readStream('s-4')).version, 0);
  });
});
