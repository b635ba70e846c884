import type { TokenTopics } from '@tessera/contracts';
import type { KafkaAdmin, KafkaClient, PartitionEnd } from '@tessera/messaging';
import { inTransaction, type Pool, type PoolClient } from '@tessera/postgres';
import { applyOnce } from '../projections/consumer-positions.ts';
import { projectBatch } from '../projections/project-batch.ts';
import { lockProjectionTables } from '../projections/projection-lock.ts';

/** Every table the projections write, consumer positions included: they are rebuilt and swapped together. */
export const projectionTables = ['audit_log', 'dead_letters', 'consumer_positions', 'token_activity', 'counted_usage_events', 'failed_logins', 'uses_per_minute'] as const;

/** Where the tables a rebuild replaced are kept, until the next rebuild: to compare, or to swap back by hand. */
export const previousSchema = 'audit_previous';

export interface RebuildProgress {
  phase: 'replaying' | 'catching up' | 'swapped';
  applied: bigint;
  total: bigint;
}

export interface RebuildOptions {
  pool: Pool;
  kafka: KafkaClient;
  admin: KafkaAdmin;
  topics: TokenTopics;
  consumerGroup: string;
  onProgress: (progress: RebuildProgress) => void;
  progressEveryMs?: number;
  /** How long the live batches may be held back while the rebuild catches up with them. */
  catchUpDeadlineMs?: number;
}

// Only one rebuild at a time: two would swap each other's tables out.
const rebuildRunning = 0x7e55e7b;

/**
 * Replays both topics from their start into fresh copies of the projection tables, beside the live ones, while the
 * live consumers go on. Once the copies have caught up with the topics' ends, it holds the live batches back (the
 * projections' exclusive lock), lets the copies reach at least the live positions, and swaps them in, in one
 * transaction: the positions move with the tables, so the live consumers skip what the copies applied and apply the
 * rest. The replaced tables stay in `audit_previous`.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<{ applied: bigint }> {
  const { pool, kafka, admin, topics, onProgress } = options;
  const guard = await pool.connect();
  const fresh = `audit_rebuild_${Date.now()}`; // matched by dropAbandoned
  const group = `${options.consumerGroup}-rebuild-${Date.now()}`;
  let consumer: Awaited<ReturnType<KafkaClient['createConsumer']>> | undefined;
  try {
    const { rows } = await guard.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [rebuildRunning]);
    if (!rows[0]?.locked) throw new Error('another rebuild of these projections is running; wait for it to finish');
    await dropAbandoned(guard);
    const ends = await admin.endOffsets([topics.events, topics.usage]);
    refuseIfTrimmed(ends);
    await createFreshTables(guard, fresh);
    const total = ends.reduce((sum, end) => sum + end.endOffset, 0n);
    consumer = await kafka.createConsumer({
      groupId: group,
      topics: [topics.events, topics.usage],
      fromBeginning: true,
      handle: (batch) =>
        inTransaction(pool, async (client) => {
          // Unqualified table names in the projections now mean the fresh tables.
          await client.query(`set local search_path to ${fresh}`);
          await applyOnce(client, batch, async (messages) => void (await projectBatch(client, topics, batch.topic, messages)));
        }),
    });
    const applied = () => positions(pool, fresh);
    await until(async () => reached(await applied(), ends), options, async () => onProgress({ phase: 'replaying', applied: sum(await applied()), total }));

    await inTransaction(pool, async (client) => {
      await lockProjectionTables(client);
      const live = await client.query<{ topic: string; partition: number; next_offset: string }>(
        'select topic, partition, next_offset from public.consumer_positions where topic = any($1)',
        [[topics.events, topics.usage]],
      );
      const targets = live.rows.map((row) => ({ topic: row.topic, partition: row.partition, endOffset: BigInt(row.next_offset), startOffset: 0n }));
      const atLeast = targets.reduce((total, target) => total + target.endOffset, 0n);
      // Live batches wait meanwhile: give up (and roll back, which lets them go on) rather than hold them for ever.
      const progress = async () => onProgress({ phase: 'catching up', applied: sum(await applied()), total: atLeast });
      await until(async () => reached(await applied(), targets), options, progress, { deadlineMs: options.catchUpDeadlineMs ?? 30_000 });
      await swap(client, fresh);
    });
    // After the commit: leaving the group can take seconds, which the live batches need not wait for. A rebuild batch
    // that starts now finds no tables in its schema and fails without effect.
    await consumer.disconnect();
    consumer = undefined;
    const done = sum(await positions(pool, 'public'));
    onProgress({ phase: 'swapped', applied: done, total: done });
    return { applied: done };
  } finally {
    await consumer?.disconnect();
    await guard.query(`drop schema if exists ${fresh} cascade`).catch(() => undefined);
    await guard.query('select pg_advisory_unlock($1)', [rebuildRunning]).catch(() => undefined);
    guard.release();
    await admin.deleteGroup(group).catch(() => undefined);
  }
}

/** Fresh tables of a rebuild that was interrupted (Ctrl-C, a crash): no rebuild is running, so none is in use. */
async function dropAbandoned(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ name: string }>("select nspname as name from pg_namespace where nspname like 'audit\\_rebuild\\_%'");
  for (const { name } of rows) await client.query(`drop schema ${name} cascade`);
}

async function createFreshTables(client: PoolClient, schema: string): Promise<void> {
  await client.query(`create schema ${schema}`);
  // Same columns, defaults, generated columns, constraints and indexes as the live tables, none of their rows.
  for (const table of projectionTables) await client.query(`create table ${schema}.${table} (like public.${table} including all)`);
}

async function swap(client: PoolClient, fresh: string): Promise<void> {
  await client.query(`drop schema if exists ${previousSchema} cascade`);
  await client.query(`create schema ${previousSchema}`);
  for (const table of projectionTables) {
    await client.query(`alter table public.${table} set schema ${previousSchema}`);
    await client.query(`alter table ${fresh}.${table} set schema public`);
  }
}

/** Messages retention has already deleted cannot be replayed: a rebuild would lose them from the audit for good. */
function refuseIfTrimmed(ends: readonly PartitionEnd[]): void {
  const trimmed = ends.filter((end) => end.startOffset > 0n);
  if (trimmed.length === 0) return;
  const where = trimmed.map((end) => `${end.topic}/${end.partition} from offset ${end.startOffset}`).join(', ');
  throw new Error(`the topics no longer hold their first messages (${where}): a rebuild would drop them from the projections, so none was started`);
}

type Positions = Map<string, bigint>;

async function positions(pool: Pool, schema: string): Promise<Positions> {
  const { rows } = await pool.query<{ topic: string; partition: number; next_offset: string }>(`select topic, partition, next_offset from ${schema}.consumer_positions`);
  return new Map(rows.map((row) => [`${row.topic}/${row.partition}`, BigInt(row.next_offset)]));
}

const reached = (applied: Positions, targets: readonly PartitionEnd[]) =>
  targets.every((target) => target.endOffset === 0n || (applied.get(`${target.topic}/${target.partition}`) ?? 0n) >= target.endOffset);

const sum = (applied: Positions) => [...applied.values()].reduce((total, next) => total + next, 0n);

/**
 * Polls `done` until it holds, reporting progress on the way. The replay has no deadline (it takes as long as the
 * topics are long); the catch-up under the lock has one.
 */
async function until(done: () => Promise<boolean>, options: RebuildOptions, report: () => Promise<void>, limit?: { deadlineMs: number }): Promise<void> {
  let reported = 0;
  const giveUpAt = limit ? Date.now() + limit.deadlineMs : Infinity;
  while (!(await done())) {
    if (Date.now() > giveUpAt) {
      throw new Error(`the rebuild did not catch up with the live projections within ${limit!.deadlineMs} ms; nothing was swapped, try again`);
    }
    if (Date.now() - reported >= (options.progressEveryMs ?? 1_000)) {
      await report();
      reported = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await report();
}
