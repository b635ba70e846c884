import { findUp } from '@tessera/config';
import { createPool, migrate, type Pool } from '@tessera/postgres';
import { createTestDatabase } from '@tessera/testing';

/** A fresh database with the audit service's migrations applied, for tests of its SQL; `drop` ends the pool too. */
export async function migratedAuditDatabase(label: string): Promise<{ pool: Pool; drop(): Promise<void> }> {
  const database = await createTestDatabase(label);
  const pool = createPool(database.url, { applicationName: label });
  await migrate(pool, findUp(import.meta.dirname, 'migrations'), 'test');
  return {
    pool,
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}
