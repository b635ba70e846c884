import type { TokenServiceEvent } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';

export interface DecodedEvent {
  message: IncomingMessage;
  event: TokenServiceEvent;
}

/**
 * Every event goes into the audit log once, however often it is delivered: who, what, when, and its trace id. One
 * statement for a whole batch. Returns the ids that entered just now (not repeats), in the batch's order.
 */
export async function projectAuditLog(client: PoolClient, decoded: readonly DecodedEvent[]): Promise<string[]> {
  if (decoded.length === 0) return [];
  const column = <T>(value: (entry: DecodedEvent) => T) => decoded.map(value);
  const data = (entry: DecodedEvent) => entry.event.data as Record<string, unknown>;
  const { rows } = await client.query<{ event_id: string }>(
    `insert into audit_log (event_id, type, schema_version, stream_id, user_id, occurred_at, trace_id, data, source_topic, source_partition, source_offset)
     select * from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::jsonb[], $9::text[], $10::int[], $11::bigint[])
     on conflict (event_id) do nothing
     returning event_id`,
    [
      column((entry) => entry.event.event_id),
      column((entry) => entry.event.type),
      column((entry) => entry.event.schema_version),
      column((entry) => entry.event.stream_id),
      column((entry) => (typeof data(entry)['user_id'] === 'string' ? data(entry)['user_id'] : null)),
      column((entry) => entry.event.occurred_at),
      column((entry) => entry.event.trace.traceparent?.split('-')[1] ?? null),
      column((entry) => JSON.stringify(entry.event.data)),
      column((entry) => entry.message.topic),
      column((entry) => entry.message.partition),
      column((entry) => entry.message.offset),
    ],
  );
  // PostgreSQL answers uuids in lower case, whatever case the event wrote them in.
  const inserted = new Set(rows.map((row) => row.event_id));
  return decoded.map((entry) => entry.event.event_id).filter((id) => inserted.delete(id.toLowerCase()));
}
