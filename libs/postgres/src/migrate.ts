import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { inTransaction } from './pool.ts';

/**
 * Applies the numbered SQL files of `dir` (`001_events.sql`, …) that the database has not seen, in order and in one
 * transaction, so a failed migration leaves nothing half-done. An advisory lock lets several instances start at
 * once: one migrates, the others wait and then find nothing to do.
 */
export async function migrate(pool: Pool, dir: string, lockName: string): Promise<string[]> {
  const files = readdirSync(dir).filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file)).sort();
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [lockName]);
    await client.query(`create table if not exists schema_migrations (
      version text primary key,
      applied_at timestamptz not null default now()
    )`);
    const applied = new Set((await client.query<{ version: string }>('select version from schema_migrations')).rows.map((r) => r.version));
    const pending = files.filter((file) => !applied.has(file));
    for (const file of pending) {
      await client.query(readFileSync(join(dir, file), 'utf8'));
      await client.query('insert into schema_migrations (version) values ($1)', [file]);
    }
    return pending;
  });
}
