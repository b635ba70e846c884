import { Type, type Static } from 'typebox';
import { raceDeadline } from '@tessera/config';
import type { KafkaAdmin } from '@tessera/messaging';
import type { Pool } from '@tessera/postgres';

const offset = Type.Integer({ minimum: 0 });
export const ConsumerLag = Type.Object({
  group: Type.String(),
  checked_at: Type.String({ format: 'date-time' }),
  total_lag: offset,
  newest_event_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The newest event in the audit log' }),
  members: Type.Array(
    Type.Object({
      member_id: Type.String(),
      client_id: Type.String(),
      host: Type.String(),
      assignments: Type.Array(Type.Object({ topic: Type.String(), partitions: Type.Array(Type.Integer()) })),
    }),
  ),
  partitions: Type.Array(Type.Object({ topic: Type.String(), partition: Type.Integer(), end_offset: offset, next_offset: offset, lag: offset })),
});

export class KafkaUnavailable extends Error {}

/**
 * How far the projections trail the topics: per partition, Kafka's end offset against the position the projections
 * recorded with what they applied (exact, unlike the group's committed offsets, which may lag a batch behind).
 */
export async function consumerLag(pool: Pool, admin: KafkaAdmin, topics: readonly string[], group: string): Promise<Static<typeof ConsumerLag>> {
  const [ends, members, positions, newest] = await Promise.all([
    kafka(() => admin.endOffsets(topics)),
    kafka(() => admin.groupMembers(group)),
    pool.query<{ topic: string; partition: number; next_offset: string }>('select topic, partition, next_offset from consumer_positions'),
    pool.query<{ at: Date | null }>('select max(occurred_at) as at from audit_log'),
  ]);
  const applied = new Map(positions.rows.map((row) => [`${row.topic}/${row.partition}`, BigInt(row.next_offset)]));
  const partitions = ends.map(({ topic, partition, endOffset }) => {
    const next = applied.get(`${topic}/${partition}`) ?? 0n;
    return { topic, partition, end_offset: Number(endOffset), next_offset: Number(next), lag: Number(endOffset > next ? endOffset - next : 0n) };
  });
  return {
    group,
    checked_at: new Date().toISOString(),
    total_lag: partitions.reduce((sum, p) => sum + p.lag, 0),
    newest_event_at: newest.rows[0]?.at?.toISOString() ?? null,
    members: members.map((m) => ({ member_id: m.memberId, client_id: m.clientId, host: m.host, assignments: m.assignments })),
    partitions,
  };
}

const kafkaDeadlineMs = 3_000;

/** An answer from Kafka within a few seconds, or KafkaUnavailable: ops would rather see "unknown" than wait. */
async function kafka<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await raceDeadline(kafkaDeadlineMs, () => new KafkaUnavailable(`Kafka did not answer within ${kafkaDeadlineMs} ms`), ask);
  } catch (error) {
    throw error instanceof KafkaUnavailable ? error : new KafkaUnavailable('Kafka refused the question', { cause: error });
  }
}
