import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';

/**
 * Applies a batch of one partition exactly once: messages below the position recorded by an earlier transaction
 * were applied already (Kafka may deliver them again after a crash or a rebalance) and are skipped; the new
 * position is written in the caller's transaction, so it commits with what was applied or not at all. The
 * partition's row is locked first (made if missing), so two instances handing a partition over apply it in turn.
 */
export async function applyOnce(
  client: PoolClient,
  batch: { topic: string; partition: number; messages: readonly IncomingMessage[] },
  apply: (messages: readonly IncomingMessage[]) => Promise<void>,
): Promise<void> {
  await client.query('insert into consumer_positions (topic, partition, next_offset) values ($1, $2, 0) on conflict do nothing', [batch.topic, batch.partition]);
  const { rows } = await client.query<{ next_offset: string }>(
    'select next_offset from consumer_positions where topic = $1 and partition = $2 for update',
    [batch.topic, batch.partition],
  );
  const applied = BigInt(rows[0]!.next_offset);
  const fresh = batch.messages.filter((message) => BigInt(message.offset) >= applied);
  if (fresh.length === 0) return;
  await apply(fresh);
  const next = BigInt(fresh.at(-1)!.offset) + 1n;
  await client.query('update consumer_positions set next_offset = $3 where topic = $1 and partition = $2', [batch.topic, batch.partition, next.toString()]);
}
