import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase } from './database.ts';
import { getInfrastructure } from './infrastructure.ts';

describe('createTestDatabase', () => {
  it('creates a fresh database and drops it even while a connection is open', async () => {
    const database = await createTestDatabase('testing lib');
    assert.match(database.name, /^t_testing_lib_[0-9a-f]{8}$/);
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => {}); // the forced drop terminates this connection, which is the point
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    assert.equal(rows[0]?.db, database.name);

    await database.drop();
    assert.equal(await databaseExists(database.name), false);
    await database.drop(); // a second drop (e.g. from an after hook) is harmless
    await client.end().catch(() => {});
  });
});

async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: (await getInfrastructure()).pgAdminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rows.length > 0;
  } finally {
    await admin.end();
  }
}
