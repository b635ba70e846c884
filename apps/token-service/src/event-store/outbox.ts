import type { PoolClient } from '@tessera/postgres';
import type { StoredEvent } from './postgres-event-store.ts';
import { messageKeyOf, toEnvelope } from './public-event.ts';

export const outboxChannel = 'tessera_outbox';

/** Enqueues the public form of each event in the append's transaction, and wakes the relay when it commits. */
export async function enqueueInOutbox(client: PoolClient, topic: string, events: readonly StoredEvent[]): Promise<void> {
  for (const event of events) {
    await client.query('insert into outbox (global_position, topic, message_key, payload) values ($1, $2, $3, $4)', [
      event.globalPosition,
      topic,
      messageKeyOf(event),
      toEnvelope(event),
    ]);
  }
  if (events.length > 0) await client.query('select pg_notify($1, $2)', [outboxChannel, '']);
}
