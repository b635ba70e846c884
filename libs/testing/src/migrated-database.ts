import { findUp } from '@tessera/config';
import { createPool, migrate, type Pool } from '@tessera/postgres';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface MigratedTestDatabase extends TestDatabase {
  pool: Pool;
}

/**
 * A fresh database with a service's migrations applied (its `migrations` folder, found upwards from `from`, the test's
 * own folder), and a pool on it, for tests of that service's SQL. `drop` ends the pool, then drops the database.
 */
export async function migratedTestDatabase(label: string, from: string): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase(label);
  const pool = createPool(database.url, { applicationName: label });
  await migrate(pool, findUp(from, 'migrations'), 'test');
  return {
    ...database,
    pool,
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}
