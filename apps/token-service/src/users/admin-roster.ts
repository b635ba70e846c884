import pRetry from 'p-retry';
import type { Pool, PoolClient } from '@tessera/postgres';

const lockName = 'tessera-admin-roster';

/** Another change to the admins held the lock for longer than a caller should wait. */
export class AdminRosterBusy extends Error {
  constructor() {
    super('Another change to the admins is under way; retry in a moment.');
    this.name = 'AdminRosterBusy';
  }
}

// Asked without waiting, and again after a jittered pause: a caller blocked inside PostgreSQL would hold a pooled
// connection, and enough of them would leave none for the holder's own append (ADR 11's retries, for about 5 s).
const lockRetries = { retries: 30, minTimeout: 10, maxTimeout: 250, randomize: true };

/**
 * Runs a change to who may administer the installation, one at a time across every instance. A deactivation counts
 * the active admins, then appends; two admins deactivating each other at once would otherwise both count two and
 * leave none, as their user streams never conflict. So the change holds a session advisory lock from its count until
 * its append has committed (the read model is written in the append's transaction), and the next one counts what it
 * left. The start-up bootstrap takes the same lock, so it never creates an admin while one is being deactivated.
 */
export async function changingAdmins<Result>(pool: Pool, change: (activeAdmins: () => Promise<number>) => Promise<Result>): Promise<Result> {
  const client = await pRetry(() => lockedClient(pool), { ...lockRetries, shouldRetry: ({ error }) => error instanceof AdminRosterBusy });
  let broken: Error | undefined;
  try {
    return await change(() => countActiveAdmins(pool));
  } finally {
    // A connection that cannot unlock is dropped, and its lock with it, rather than returned to the pool holding it.
    await client.query('select pg_advisory_unlock(hashtext($1))', [lockName]).catch((error: Error) => (broken = error));
    client.release(broken);
  }
}

async function lockedClient(pool: Pool): Promise<PoolClient> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [lockName]);
    if (rows[0]!.locked) return client;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  client.release();
  throw new AdminRosterBusy();
}

async function countActiveAdmins(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ admins: number }>("select count(*)::int as admins from users where active and 'admin' = any(roles)");
  return rows[0]!.admins;
}
