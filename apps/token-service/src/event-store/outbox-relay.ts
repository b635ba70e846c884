import pRetry from 'p-retry';
import { inTransaction, listen, type Pool } from '@tessera/postgres';
import type { MessageProducer, OutgoingMessage } from '@tessera/messaging';
import type { EventEnvelope } from '@tessera/contracts';
import { lazyInstrument, metrics, type Logger } from '@tessera/telemetry';
import { outboxChannel } from './outbox.ts';

interface OutboxRow {
  global_position: string;
  topic: string;
  message_key: string;
  payload: EventEnvelope;
}

export interface OutboxRelay {
  stop(): Promise<void>;
}

/**
 * Publishes committed events to Kafka, at least once and in position order per key. Rows are locked while they
 * are sent and deleted only after the broker acknowledged them, so a send that fails (Kafka down) leaves them for
 * the next attempt, and several instances never send the same row at the same time. Woken by NOTIFY on commit, and
 * whenever its LISTEN connection was opened again (notifications sent meanwhile are lost); a slow poll covers the rest.
 */
export function startOutboxRelay(options: { pool: Pool; databaseUrl: string; producer: MessageProducer; logger: Logger; pollMs?: number; batchSize?: number }): OutboxRelay {
  const { pool, producer, logger } = options;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 500;
  const stopping = new AbortController();
  // A notification that comes during a round may be for a row the round's query no longer sees: it must start
  // another round at once, not wait for the poll.
  let pending = false;
  let wake: () => void = () => undefined;
  let failures = 0;
  const notified = () => {
    pending = true;
    wake();
  };

  const listener = listen(options.databaseUrl, outboxChannel, logger, { onNotify: notified, onRelisten: notified });
  const publish = () =>
    pRetry(() => publishBatch(pool, producer, batchSize), {
      retries: Infinity,
      minTimeout: pollMs,
      maxTimeout: 10_000,
      randomize: true,
      signal: stopping.signal,
      onFailedAttempt: ({ error }) => {
        failures += 1;
        publishFailures().add(1);
        if (failures === 1 || failures % 30 === 0) logger.warn({ err: error, failures }, 'outbox relay could not publish; will retry');
      },
    });

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      pending = false;
      let published = 0;
      try {
        published = await publish();
        publishedEvents().add(published);
        if (failures > 0) logger.info({ after_failures: failures }, 'outbox relay publishing again');
        failures = 0;
      } catch (error) {
        // Stopped, or a bug that retrying cannot cure (p-retry gives up on a TypeError): the next round tries afresh.
        if (!stopping.signal.aborted) logger.error({ err: error }, 'outbox relay round failed');
      }
      if (published === batchSize || pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (stopping.signal.aborted) wake();
      });
    }
  })();

  return {
    async stop() {
      stopping.abort();
      wake();
      await loop;
      await listener.close();
    },
  };
}

const publishedEvents = lazyInstrument(() =>
  metrics.getMeter('token-service').createCounter('tessera.outbox.published', { description: 'Events the outbox relay published to Kafka' }),
);
const publishFailures = lazyInstrument(() =>
  metrics.getMeter('token-service').createCounter('tessera.outbox.publish_failures', { description: 'Outbox relay rounds that could not publish' }),
);

async function publishBatch(pool: Pool, producer: MessageProducer, batchSize: number): Promise<number> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<OutboxRow>(
      'select global_position, topic, message_key, payload from outbox order by global_position limit $1 for update skip locked',
      [batchSize],
    );
    for (const [topic, messages] of groupByTopic(rows)) await producer.send(topic, messages);
    if (rows.length > 0) await client.query('delete from outbox where global_position = any($1::bigint[])', [rows.map((r) => r.global_position)]);
    return rows.length;
  });
}

function groupByTopic(rows: readonly OutboxRow[]): Map<string, OutgoingMessage[]> {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({
      key: row.message_key,
      value: JSON.stringify(row.payload),
      headers: { event_type: row.payload.type, schema_version: String(row.payload.schema_version), ...row.payload.trace },
    });
    byTopic.set(row.topic, messages);
  }
  return byTopic;
}
