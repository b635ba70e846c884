import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { inTransaction } from './pool.ts';

/**
 * Applies the numbered SQL files of `dir` (`001_events.sql`, …) that the database has not seen, in order and in one
 * transaction, so a failed migration leaves nothing half-done. An advisory lock lets several instances start at
 * once: one migrates, the others wait and then find nothing to do.
 *
 * Each applied file's SHA-256 is recorded, and a file edited after it was applied is refused: its change would
 * otherwise never reach this database. Rows recorded before checksums were get the file's present checksum.
 */
export async function migrate(pool: Pool, dir: string, lockName: string): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [lockName]);
    await client.query(`create table if not exists schema_migrations (
      version text primary key,
      applied_at timestamptz not null default now()
    )`);
    await client.query('alter table schema_migrations add column if not exists checksum text');
    const { rows } = await client.query<{ version: string; checksum: string | null }>('select version, checksum from schema_migrations');
    const recorded = new Map(rows.map((row) => [row.version, row.checksum]));
    const pending = [];
    for (const file of files) {
      if (!recorded.has(file.name)) pending.push(file);
      else if (recorded.get(file.name) === null) {
        await client.query('update schema_migrations set checksum = $2 where version = $1', [file.name, file.checksum]);
      } else if (recorded.get(file.name) !== file.checksum) {
        throw new Error(
          `migration ${join(dir, file.name)} was edited after this database applied it (recorded sha256 ${recorded.get(file.name)}, ` +
            `now ${file.checksum}), so its change would never be applied. Restore the file as it was, and put the change in a new migration.`,
        );
      }
    }
    for (const file of pending) {
      await client.query(file.sql);
      await client.query('insert into schema_migrations (version, checksum) values ($1, $2)', [file.name, file.checksum]);
    }
    return pending.map((file) => file.name);
  });
}
