import { inTransaction, type Pool } from '@tessera/postgres';
import type { Logger } from '@tessera/telemetry';
import { shareProjectionTables } from './projection-lock.ts';

// Why counted usage events may be forgotten, and when. The table catches a copy of a usage event that has an offset of
// its own: a producer that resent a message whose acknowledgement it lost. Such a copy follows its original within
// the producer's retries of one send (seconds, a few minutes at most): the token service gives the counts of a send
// that failed for good a new event id when it sends them again. Kafka's own redelivery of an offset (after a crash
// before the commit, or a rebalance) never reaches this table: the consumer's positions skip it, for ever. So a row
// older than the retry horizon guards nothing; the window is kept far longer than that horizon (days, not minutes).
// It is counted from the newest row rather than the clock, so that a service stopped for longer than the window does
// not empty the table while it is away. Rows hold when they were counted, not the event's time: after such a stop the
// first rows counted again start the window anew, and the first trim (a minute after start) may forget originals
// counted before the stop. A copy of one of those would be counted twice only if it lay in the backlog more than a
// minute of reading past its original, which the producer's retries (one send) rule out.

/** Rows deleted per statement: each batch is a short transaction, so the projections never wait long on retention. */
const batchSize = 5_000;

/**
 * Deletes counted usage events counted more than `keepMs` before the newest one, `batchSize` rows at a time, and
 * answers how many. Instances may run it at once: each takes rows the other has not locked.
 */
export async function trimCountedUsageEvents(pool: Pool, keepMs: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await inTransaction(pool, async (client) => {
      // A rebuild swaps the projection tables under the exclusive lock: retention waits, as the live batches do.
      await shareProjectionTables(client);
      const { rowCount } = await client.query(
        `delete from counted_usage_events where event_id in (
           select event_id from counted_usage_events
           where counted_at < (select max(counted_at) from counted_usage_events) - make_interval(secs => $1)
           limit $2 for update skip locked)`,
        [keepMs / 1000, batchSize],
      );
      return rowCount ?? 0;
    });
    deleted += batch;
    if (batch < batchSize) return deleted;
  }
}

/** Trims the table a minute after start and then every `everyMs`, until stopped (which waits for a trim under way). */
export function startUsageDedupeRetention(options: { pool: Pool; keepMs: number; everyMs: number; logger: Logger }): { stop(): Promise<void> } {
  const { pool, keepMs, everyMs, logger } = options;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = trimCountedUsageEvents(pool, keepMs).then(
        (deleted) => {
          if (deleted > 0) logger.info({ deleted, keep_ms: keepMs }, 'forgot counted usage events past the retention window');
        },
        (error: unknown) => logger.warn({ err: error }, 'could not trim counted usage events; trying again next round'),
      ).finally(() => schedule(everyMs));
    }, delayMs);
  };
  schedule(Math.min(60_000, everyMs));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
