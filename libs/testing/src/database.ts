import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pRetry from 'p-retry';
import { getInfrastructure } from './infrastructure.ts';
import { waitFor } from './wait.ts';

export interface TestDatabase {
  /** Connection URL of the new database (the admin URL's credentials and host, this database's name). */
  url: string;
  name: string;
  /** Drops the database even if connections are still open; safe to call twice. */
  drop(): Promise<void>;
}

const maxIdentifierLength = 63; // PostgreSQL truncates longer names silently, which would break drop()

/**
 * Creates a fresh, empty database for one test file, so tests never see each other's rows and migrations
 * run against a clean schema every time.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const { pgAdminUrl } = await getInfrastructure();
  const name = testDatabaseName(label);
  await retryingCatalogChange(() => withAdmin(pgAdminUrl, (client) => client.query(`CREATE DATABASE ${quote(name)}`)));
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      retryingCatalogChange(() =>
        withAdmin(pgAdminUrl, async (client) => {
          await sessionsClosed(client, name);
          await client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
        }),
      ),
  };
}

/** `t_<label>_<8 random hex>`, with the label lower-cased, reduced to [a-z0-9_] and cut to fit 63 characters. */
export function testDatabaseName(label: string): string {
  const suffix = randomBytes(4).toString('hex');
  const room = maxIdentifierLength - 't__'.length - suffix.length;
  const cleaned = label.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, room);
  return `t_${cleaned}_${suffix}`;
}

async function withAdmin(adminUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A pool's end() resolves while its connections are still closing; forcing the drop then would hand them a
 * "terminating connection" error nobody listens for. So the drop waits (briefly) for them to go, and forces only
 * what a test left open.
 */
async function sessionsClosed(client: pg.Client, database: string): Promise<void> {
  await waitFor(
    async () => (await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [database])).rows[0]!.n === 0,
    { timeoutMs: 5_000, intervalMs: 20, description: `the sessions of ${database} to close` },
  ).catch(() => undefined);
}

/**
 * Test files create and drop databases in parallel, and PostgreSQL can refuse one of two simultaneous changes to its
 * shared catalog ("tuple concurrently updated", a template in use); such a refusal is transient, so it is retried.
 */
async function retryingCatalogChange(change: () => Promise<void>): Promise<void> {
  await pRetry(change, {
    retries: 4,
    minTimeout: 50,
    randomize: true,
    shouldRetry: ({ error }) => 'code' in error && ['XX000', '55006', '40001', '40P01'].includes(String(error.code)),
  });
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
