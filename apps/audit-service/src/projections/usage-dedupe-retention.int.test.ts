import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Pool } from '@tessera/postgres';
import { createLogger } from '@tessera/telemetry';
import { migratedTestDatabase, waitFor, type MigratedTestDatabase } from '@tessera/testing';
import { startUsageDedupeRetention, trimCountedUsageEvents } from './usage-dedupe-retention.ts';

const dayMs = 86_400_000;
const newest = new Date('2026-06-30T12:00:00.000Z');
const daysBefore = (days: number, ms = 0) => new Date(newest.getTime() - days * dayMs - ms);

describe('retention of counted usage events, against PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let pool: Pool;

  before(async () => {
    database = await migratedTestDatabase('audit_usage_retention', import.meta.dirname);
    pool = database.pool;
  });

  after(async () => {
    await database?.drop();
  });

  beforeEach(() => pool.query('truncate counted_usage_events'));

  const insert = (at: Date, count = 1) =>
    pool.query('insert into counted_usage_events (event_id, counted_at) select gen_random_uuid(), $1 from generate_series(1, $2)', [at, count]);
  const countedAt = async () =>
    (await pool.query<{ at: Date; n: number }>('select counted_at as at, count(*)::int as n from counted_usage_events group by 1 order by 1')).rows.map(
      (row) => [row.at.toISOString(), row.n],
    );

  it('deletes, in batches, exactly the rows counted more than the window before the newest, and nothing on a second run', async () => {
    await insert(newest, 2);
    await insert(daysBefore(1), 3);
    await insert(daysBefore(7), 4); // exactly the window: kept
    await insert(daysBefore(7, 1), 5_001);
    await insert(daysBefore(30), 7_000);
    assert.equal(await trimCountedUsageEvents(pool, 7 * dayMs), 12_001, 'more than two batches of 5,000');
    assert.deepEqual(await countedAt(), [['2026-06-23T12:00:00.000Z', 4], ['2026-06-29T12:00:00.000Z', 3], ['2026-06-30T12:00:00.000Z', 2]]);
    assert.equal(await trimCountedUsageEvents(pool, 7 * dayMs), 0);
  });

  it('counts the window from the newest row, not the clock: a service stopped for months forgets nothing it may still need', async () => {
    // All of these were counted long ago; the newest is what the projections saw last.
    await insert(new Date('2025-01-10T00:00:00.000Z'));
    await insert(new Date('2025-01-05T00:00:00.000Z'));
    await insert(new Date('2025-01-02T23:59:59.000Z'));
    assert.equal(await trimCountedUsageEvents(pool, 7 * dayMs), 1);
    assert.deepEqual(await countedAt(), [['2025-01-05T00:00:00.000Z', 1], ['2025-01-10T00:00:00.000Z', 1]]);
  });

  it('keeps recognising a copy of an event it kept', async () => {
    const kept = randomUUID();
    await pool.query('insert into counted_usage_events (event_id, counted_at) values ($1, $2)', [kept, daysBefore(6)]);
    await insert(newest);
    await trimCountedUsageEvents(pool, 7 * dayMs);
    const { rowCount } = await pool.query('insert into counted_usage_events (event_id) values ($1) on conflict do nothing', [kept]);
    assert.equal(rowCount, 0, 'the copy is recognised, as the projection recognises it');
  });

  it('trims on its timer', async () => {
    await insert(newest);
    await insert(daysBefore(8), 3);
    const retention = startUsageDedupeRetention({ pool, keepMs: 7 * dayMs, everyMs: 20, logger: createLogger('test', 'warn') });
    try {
      await waitFor(async () => (await countedAt()).length === 1, { description: 'the old rows trimmed by the timer', timeoutMs: 10_000 });
    } finally {
      await retention.stop();
    }
  });
});
