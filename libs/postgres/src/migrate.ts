import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { StartupError } from '@tessera/config';
import { inTransaction } from './pool.ts';

/**
 * Applies the numbered SQL files of `dir` (`001_events.sql`, …) that the database has not seen, in order and in one
 * transaction, so a failed migration leaves nothing half-done. An advisory lock lets several instances start at
 * once: one migrates, the others wait and then find nothing to do.
 *
 * Each applied file's SHA-256 is recorded, and a file edited after it was applied is refused: its change would
 * otherwise never reach this database. Rows recorded before checksums were get the file's present checksum. The checksum
 * is of the text with line endings and a byte-order mark normalised, so a checkout with CRLF endings is the same file.
 * A recorded migration with no file is not refused: it is what an older release sees of a newer one's migrations
 * when a deploy is rolled back.
 */
export async function migrate(pool: Pool, dir: string, lockName: string): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      const normalised = sql.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
      return { name, sql, checksum: createHash('sha256').update(normalised).digest('hex') };
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
        throw new StartupError(
          join(dir, file.name),
          `this migration was edited after the database applied it (recorded sha256 ${recorded.get(file.name)}, now ${file.checksum}), ` +
            'so its change would never be applied. Restore the file as it was, and put the change in a new migration.',
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
