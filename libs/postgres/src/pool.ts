import pg from 'pg';
import { withDeadline } from '@tessera/config';

export type { Pool, PoolClient } from 'pg';

// bigint columns (global positions, counters) arrive as strings: exact, never silently rounded.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export function createPool(url: string, options: { applicationName: string; max?: number }): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    application_name: options.applicationName,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // Dates truncated to days and intervals added to timestamps mean the same on every server: UTC.
    options: '-c TimeZone=UTC',
  });
}

/** Fails start-up with a message naming `setting` when the database does not answer. */
export async function assertReachable(pool: pg.Pool, setting: string): Promise<void> {
  await withDeadline(setting, 'PostgreSQL', 10_000, async () => {
    await pool.query('select 1');
  });
}

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
