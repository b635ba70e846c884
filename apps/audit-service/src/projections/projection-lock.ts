import type { PoolClient } from '@tessera/postgres';

// One advisory lock key for "the projection tables": every live batch holds it shared for its transaction, and a
// rebuild takes it exclusively while it swaps the tables, so no batch writes into tables that are being swapped.
const projectionTables = 0x7e55e7a;

/** Held until the transaction ends; many batches (of several instances) at once. */
export async function shareProjectionTables(client: PoolClient): Promise<void> {
  await client.query('select pg_advisory_xact_lock_shared($1)', [projectionTables]);
}

/** Held until the transaction ends; waits for the batches in flight and keeps new ones waiting. */
export async function lockProjectionTables(client: PoolClient): Promise<void> {
  await client.query('select pg_advisory_xact_lock($1)', [projectionTables]);
}
