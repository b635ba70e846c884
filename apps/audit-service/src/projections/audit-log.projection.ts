import type { TokenServiceEvent } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';

/**
 * Every event goes into the audit log once, however often it is delivered: who, what, when, and its trace id.
 * True when it entered just now, false for a repeat.
 */
export async function projectAuditLog(client: PoolClient, message: IncomingMessage, event: TokenServiceEvent): Promise<boolean> {
  const data = event.data as Record<string, unknown>;
  const userId = typeof data['user_id'] === 'string' ? data['user_id'] : null;
  const traceId = event.trace.traceparent?.split('-')[1] ?? null;
  const inserted = await client.query(
    `insert into audit_log (event_id, type, schema_version, stream_id, user_id, occurred_at, trace_id, data, source_topic, source_partition, source_offset)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (event_id) do nothing`,
    [event.event_id, event.type, event.schema_version, event.stream_id, userId, event.occurred_at, traceId, event.data, message.topic, message.partition, message.offset],
  );
  return inserted.rowCount === 1;
}
