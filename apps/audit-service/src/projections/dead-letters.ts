import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { lazyInstrument, metrics } from '@tessera/telemetry';

const deadLettered = lazyInstrument(() =>
  metrics.getMeter('audit-service').createCounter('tessera.audit.dead_letters', { description: 'Messages that were not events' }),
);

/** A message that is not an event is kept with the reason, and the consumer goes on to the next one. */
export async function recordDeadLetter(client: PoolClient, message: IncomingMessage, reason: string): Promise<void> {
  await client.query(
    `insert into dead_letters (source_topic, source_partition, source_offset, reason, message_key, payload)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [message.topic, message.partition, message.offset, reason, message.key, message.value?.toString('utf8').slice(0, 10_000) ?? null],
  );
  deadLettered().add(1);
}
