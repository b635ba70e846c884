import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@tessera/testing';
import { migrate } from './migrate.ts';
import { createPool, type Pool } from './pool.ts';

describe('migrate', () => {
  let root = '';
  let dir = '';
  let database: TestDatabase;
  let pool: Pool;

  const write = (files: Record<string, string>) => {
    for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  };
  const tables = async () =>
    (await pool.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`)).rows.map((row) => row.name);

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'migrate-test-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  // A fresh database and migrations folder per test: what one test applies or edits, no other sees.
  beforeEach(async () => {
    dir = mkdtempSync(path.join(root, 'migrations-'));
    write({ '001_first.sql': 'create table first (id int);', '002_second.sql': 'create table second (id int);' });
    database = await createTestDatabase('migrate');
    pool = createPool(database.url, { applicationName: 'migrate-test', max: 2 });
  });
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  it('applies the files in order once, then finds nothing to do', async () => {
    assert.deepEqual(await migrate(pool, dir, 'test'), ['001_first.sql', '002_second.sql']);
    assert.deepEqual(await migrate(pool, dir, 'test'), []);
    write({ '003_third.sql': 'create table third (id int);' });
    assert.deepEqual(await migrate(pool, dir, 'test'), ['003_third.sql']);
    assert.deepEqual(await tables(), ['first', 'schema_migrations', 'second', 'third']);
  });

  it('refuses a migration edited after it was applied, naming the file, and applies nothing else', async () => {
    await migrate(pool, dir, 'test');
    appendFileSync(path.join(dir, '002_second.sql'), '\nalter table second add column name text;');
    write({ '003_third.sql': 'create table third (id int);' });
    await assert.rejects(migrate(pool, dir, 'test'), (error: Error) => {
      assert.equal(error.name, 'StartupError', 'one readable line at start-up, not a stack trace');
      assert.match(error.message, /^.*\/002_second\.sql: this migration was edited after the database applied it/);
      return true;
    });
    assert.deepEqual(await tables(), ['first', 'schema_migrations', 'second']);
  });

  it('upgrades a database migrated before checksums were recorded, then guards its files too', async () => {
    // What the runner without checksums left behind: its table, and the file it applied.
    await pool.query('create table schema_migrations (version text primary key, applied_at timestamptz not null default now())');
    await pool.query('create table first (id int)');
    await pool.query(`insert into schema_migrations (version) values ('001_first.sql')`);

    assert.deepEqual(await migrate(pool, dir, 'test'), ['002_second.sql']);
    const { rows } = await pool.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations order by version');
    assert.deepEqual(rows.map((row) => row.version), ['001_first.sql', '002_second.sql']);
    assert.ok(rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum)), JSON.stringify(rows));

    write({ '001_first.sql': 'create table first (id bigint);' });
    await assert.rejects(migrate(pool, dir, 'test'), /001_first\.sql: this migration was edited after the database applied it/);
  });

  it('takes a file checked out with CRLF endings and a byte-order mark for the same migration', async () => {
    write({ '002_second.sql': 'create table second (\n  id int\n);\n' });
    await migrate(pool, dir, 'test');
    write({ '002_second.sql': '\uFEFFcreate table second (\r\n  id int\r\n);\r\n' });
    assert.deepEqual(await migrate(pool, dir, 'test'), []);
  });
});
