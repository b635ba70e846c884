import { decodeEnvelope } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { lazyInstrument, metrics } from '@tessera/telemetry';
import { recordDeadLetter } from './dead-letters.ts';

const projected = lazyInstrument(() =>
  metrics.getMeter('audit-service').createCounter('tessera.audit.events_projected', { description: 'Events applied to the audit log (repeats included)' }),
);

/**
 * Applies one message: an event goes into the audit log once, however often it is delivered; anything that is not
 * an event goes to the dead letters with the reason, and the consumer moves on.
 */
export async function projectAuditLog(client: PoolClient, message: IncomingMessage): Promise<void> {
  const decoded = decodeEnvelope(message.value);
  if (!decoded.ok) return recordDeadLetter(client, message, decoded.reason);
  const event = decoded.envelope;
  const userId = typeof event.data['user_id'] === 'string' ? event.data['user_id'] : null;
  const traceId = event.trace.traceparent?.split('-')[1] ?? null;
  await client.query(
    `insert into audit_log (event_id, type, schema_version, stream_id, user_id, occurred_at, trace_id, data, source_topic, source_partition, source_offset)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (event_id) do nothing`,
    [event.event_id, event.type, event.schema_version, event.stream_id, userId, event.occurred_at, traceId, event.data, message.topic, message.partition, message.offset],
  );
  projected().add(1, { type: event.type });
}
