import { inTransaction, type Pool } from '@tessera/postgres';
import type { StoredEvent } from '../event-store/postgres-event-store.ts';
import { project, projectionTables } from './projector.ts';

const batchSize = 1000;

/**
 * Rebuilds `users`, `tokens` and `api_keys` from the event store: empties them and replays every event, in position
 * order, through the same projector the live appends use, in one transaction. Readers wait meanwhile (and then see
 * the rebuilt tables), so there is never a half-rebuilt state to observe.
 */
export async function rebuildProjections(pool: Pool, onProgress: (replayed: number) => void = () => undefined): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query(`lock table events in share mode`);
    await client.query(`truncate ${projectionTables.join(', ')}`);
    let replayed = 0;
    for (let after = '0'; ; ) {
      const { rows } = await client.query<{ global_position: string; type: string; data: Record<string, unknown> }>(
        'select global_position, type, data from events where global_position > $1 order by global_position limit $2',
        [after, batchSize],
      );
      for (const row of rows) await project(client, { type: row.type, data: row.data } as StoredEvent);
      replayed += rows.length;
      onProgress(replayed);
      if (rows.length < batchSize) return replayed;
      after = rows.at(-1)!.global_position;
    }
  });
}
