import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { tokenTopicPartitions, type EventEnvelope, type TokenTopics } from '@tessera/contracts';
import { createKafkaClient, type MessageProducer, type OutgoingMessage, type PartitionEnd } from '@tessera/messaging';
import { createLogger } from '@tessera/telemetry';
import { getInfrastructure } from '@tessera/testing';

// Test fixtures of the audit service's integration tests: events and usage as the token service publishes them,
// sent straight to the topics, and the projections read back for comparison.

const chunkSize = 500; // messages per send, so the consumer sees realistic batches

/** What a test sent, to compare the projections with. */
export class Workload {
  readonly events: EventEnvelope[] = [];
  readonly uses: Array<ReturnType<typeof usageEvent>> = [];

  event(event: EventEnvelope): OutgoingMessage {
    this.events.push(event);
    return { key: String(event.data['user_id'] ?? event.stream_id), value: JSON.stringify(event) };
  }

  usage(tokenId: string, userId: string, count: number, at: string): OutgoingMessage {
    const event = usageEvent(tokenId, userId, count, at);
    this.uses.push(event);
    return { key: tokenId, value: JSON.stringify(event) };
  }

  usesByToken(): Map<string, number> {
    const byToken = new Map<string, number>();
    for (const { data } of this.uses) byToken.set(data.token_id, (byToken.get(data.token_id) ?? 0) + data.count);
    return byToken;
  }
}

export async function connectKafka(clientId: string, topics: TokenTopics) {
  const { kafkaBrokers } = await getInfrastructure();
  const kafka = createKafkaClient({ clientId, brokers: kafkaBrokers, logger: createLogger('test', 'warn') });
  await kafka.ensureTopics([topics.events, topics.usage].map((name) => ({ name, partitions: tokenTopicPartitions })));
  return { producer: await kafka.createProducer(), admin: kafka.createAdmin() };
}

export async function connect(url: string): Promise<pg.Client> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  return db;
}

export async function sendInChunks(producer: MessageProducer, ...streams: Array<[topic: string, messages: readonly OutgoingMessage[]]>): Promise<void> {
  // Alternating topics, as the token service's traffic does.
  const longest = Math.max(...streams.map(([, messages]) => messages.length));
  for (let start = 0; start < longest; start += chunkSize) {
    for (const [topic, messages] of streams) {
      const chunk = messages.slice(start, start + chunkSize);
      if (chunk.length > 0) await producer.send(topic, chunk);
    }
  }
}

/** How far each partition was applied, in the shape of Kafka's ends (nothing of ours is trimmed). */
export async function positions(db: pg.Client): Promise<PartitionEnd[]> {
  const { rows } = await db.query<{ topic: string; partition: number; next_offset: string }>('select topic, partition, next_offset from consumer_positions');
  return rows
    .map((row) => ({ topic: row.topic, partition: row.partition, endOffset: BigInt(row.next_offset), startOffset: 0n }))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

export async function caughtUp(db: pg.Client, ends: readonly PartitionEnd[]): Promise<boolean> {
  const applied = await positions(db);
  return applied.length === ends.length && applied.every((position, i) => position.endOffset === ends[i]!.endOffset);
}

// Every projection table, ordered by its primary key.
export const projectionOrder: Record<string, string> = {
  audit_log: 'event_id',
  token_activity: 'token_id',
  failed_logins: 'event_id',
  uses_per_minute: 'minute, client_type',
  counted_usage_events: 'event_id',
  dead_letters: 'source_topic, source_partition, source_offset',
  consumer_positions: 'topic, partition',
};
const writtenAt = new Set(['projected_at', 'received_at', 'counted_at']);

/** Every projection's rows, without the columns that only record when a row was written. */
export async function projections(db: pg.Client, schema = 'public'): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(projectionOrder)) {
    const { rows } = await db.query<Record<string, unknown>>(`select * from ${schema}.${table} order by ${order}`);
    tables[table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !writtenAt.has(column))));
  }
  return tables;
}

export function minute(n: number): string {
  return new Date(Date.UTC(2026, 0, 1, 10, n, 30)).toISOString();
}

export function usageEvent(tokenId: string, userId: string, count: number, lastUsedAt: string, ip = '10.0.0.1') {
  return {
    event_id: randomUUID(),
    type: 'CredentialUsed',
    schema_version: 1,
    occurred_at: lastUsedAt,
    data: {
      credential: 'token', token_id: tokenId, user_id: userId, client_type: 'cli', count,
      first_used_at: new Date(Date.parse(lastUsedAt) - 900).toISOString(), last_used_at: lastUsedAt, ip, user_agent: 'cli|test',
    },
  };
}

export function tokenIssued(tokenId: string, userId: string): EventEnvelope {
  return envelope('TokenIssued', {
    token_id: tokenId, user_id: userId, client_type: 'cli', user_agent: 'cli|1', note: `note of ${tokenId}`, masked: 'tst_abcd***', policy: null,
    created_at: '2026-01-01T00:00:00.000Z', expires_at: '2026-02-01T00:00:00.000Z',
  });
}

export function tokenRevoked(tokenId: string, userId: string): EventEnvelope {
  return envelope('TokenRevoked', { token_id: tokenId, user_id: userId, reason: 'rotated', at: '2026-01-02T00:00:00.000Z' });
}

export function registered(userId: string): EventEnvelope {
  return envelope('UserRegistered', {
    user_id: userId, username: userId, email: `${userId}@example.com`, first_name: '', last_name: '', roles: ['user'], registered_at: '2026-01-01T00:00:00.000Z',
  });
}

export function loginFailed(userId: string): EventEnvelope {
  return envelope('LoginFailed', { user_id: userId, client_type: 'cli', user_agent: 'cli|1', ip: '198.51.100.7', at: '2026-01-01T12:00:00.000Z', reason: 'wrong_password' });
}

export function unknownLoginFailed(i: number): EventEnvelope {
  return envelope('UnknownLoginFailed', { client_type: 'sdk', user_agent: 'sdk|x', ip: `203.0.113.${i % 250}`, at: '2026-01-04T00:00:00.000Z' });
}

export function envelope(type: string, data: Record<string, unknown>): EventEnvelope {
  return {
    event_id: randomUUID(),
    type,
    schema_version: 1,
    stream_id: `user-${String(data['user_id'] ?? 'unknown')}`,
    stream_version: 1,
    global_position: '1',
    occurred_at: new Date().toISOString(),
    trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    data,
  };
}
