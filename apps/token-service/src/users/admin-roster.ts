import type { Pool } from '@tessera/postgres';

const lockName = 'tessera-admin-roster';

/**
 * Runs a change to who may administer the installation, one at a time across every instance. A deactivation counts
 * the active admins, then appends; two admins deactivating each other at once would otherwise both count two and
 * leave none, as their user streams never conflict. So the change holds a session advisory lock from its count until
 * its append has committed (the read model is written in the append's transaction), and the next one counts what it
 * left. The start-up bootstrap takes the same lock, so it never creates an admin while one is being deactivated.
 */
export async function changingAdmins<Result>(pool: Pool, change: (activeAdmins: () => Promise<number>) => Promise<Result>): Promise<Result> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [lockName]);
    try {
      return await change(() => countActiveAdmins(pool));
    } finally {
      // A connection that cannot unlock is dropped, and its lock with it, rather than returned to the pool holding it.
      await client.query('select pg_advisory_unlock(hashtext($1))', [lockName]).catch((error: Error) => (broken = error));
    }
  } finally {
    client.release(broken);
  }
}

async function countActiveAdmins(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ admins: number }>("select count(*)::int as admins from users where active and 'admin' = any(roles)");
  return rows[0]!.admins;
}
