import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from '@tessera/postgres';
import { inTransaction } from '@tessera/postgres';
import { currentTraceCarrier, type TraceCarrier } from '@tessera/telemetry';

export interface StoredEvent<E extends { type: string; data: object } = { type: string; data: Record<string, unknown> }> {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  type: E['type'];
  schemaVersion: number;
  data: E['data'];
  trace: TraceCarrier;
  recordedAt: string;
}

export interface StreamAppend {
  streamId: string;
  /** The version the decision was made on: 0 for a stream that must not exist yet. */
  expectedVersion: number;
  events: ReadonlyArray<{ type: string; data: object }>;
  /** The decider's state after these events, to keep as the stream's snapshot at its new version (ADR 0007). */
  snapshot?: { stateVersion: string; state: unknown };
}

/** A stream as a command needs it: the latest snapshot of the decider's state, and only the events after it. */
export interface StreamSinceSnapshot<E, State> {
  /** The stream's version: that of its last event, 0 for a stream with none. */
  version: number;
  snapshot: { version: number; state: State } | undefined;
  events: E[];
}

/** Another command changed the stream after this one read it. The caller may reload and decide again. */
export class ConcurrencyError extends Error {
  constructor(streamIds: readonly string[]) {
    super(`Stream ${streamIds.join(', ')} was changed by a concurrent command; retry.`);
    this.name = 'ConcurrencyError';
  }
}

/** Runs inside the append's transaction: projections and the outbox see each event before it commits. */
export type OnAppended = (client: PoolClient, events: readonly StoredEvent[]) => Promise<void>;

const schemaVersion = 1;

export class PostgresEventStore {
  readonly #pool: Pool;
  readonly #onAppended: OnAppended;

  constructor(pool: Pool, onAppended: OnAppended) {
    this.#pool = pool;
    this.#onAppended = onAppended;
  }

  async readStream<E extends { type: string; data: object }>(streamId: string): Promise<{ version: number; events: E[] }> {
    const { rows } = await this.#pool.query<{ type: E['type']; data: E['data']; stream_version: number }>(
      'select type, data, stream_version from events where stream_id = $1 order by stream_version',
      [streamId],
    );
    return { version: rows.at(-1)?.stream_version ?? 0, events: rows.map((row) => ({ type: row.type, data: row.data }) as E) };
  }

  /**
   * The latest snapshot of `stateVersion` and the events after it, read in one statement (so at one point in time).
   * A snapshot only ever covers committed events (it is written with them), so these events follow it without a gap.
   */
  async readStreamSinceSnapshot<E extends { type: string; data: object }, State>(streamId: string, stateVersion: string): Promise<StreamSinceSnapshot<E, State>> {
    const { rows } = await this.#pool.query<{ stream_version: number; type: E['type'] | null; data: unknown }>(
      `with snapshot as (select stream_version, state from stream_snapshots where stream_id = $1 and state_version = $2)
       select stream_version, null::text as type, state as data from snapshot
       union all
       select stream_version, type, data from events
        where stream_id = $1 and stream_version > coalesce((select stream_version from snapshot), 0)
       order by stream_version`,
      [streamId, stateVersion],
    );
    const first = rows[0];
    const snapshot = first && first.type === null ? { version: first.stream_version, state: first.data as State } : undefined;
    const events = (snapshot ? rows.slice(1) : rows).map((row) => ({ type: row.type, data: row.data }) as E);
    return { version: rows.at(-1)?.stream_version ?? 0, snapshot, events };
  }

  /** Appends to one or more streams atomically, each at its expected version, or to none of them. */
  async append(appends: readonly StreamAppend[]): Promise<StoredEvent[]> {
    const trace = currentTraceCarrier();
    try {
      return await inTransaction(this.#pool, async (client) => {
        const stored: StoredEvent[] = [];
        for (const { streamId, expectedVersion, events, snapshot } of appends) {
          for (const [index, event] of events.entries()) {
            stored.push(await insertEvent(client, streamId, expectedVersion + index + 1, event, trace));
          }
          if (snapshot) await saveSnapshot(client, streamId, expectedVersion + events.length, snapshot);
        }
        await this.#onAppended(client, stored);
        return stored;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'events_stream_version_unique')) throw new ConcurrencyError(appends.map((a) => a.streamId));
      throw error;
    }
  }
}

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: { trace?: TraceCarrier };
  recorded_at: Date;
}

async function insertEvent(client: PoolClient, streamId: string, version: number, event: { type: string; data: object }, trace: TraceCarrier) {
  const { rows } = await client.query<EventRow>(
    `insert into events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
     values ($1, $2, $3, $4, $5, $6, $7)
     returning event_id, stream_id, stream_version, global_position, type, schema_version, data, metadata, recorded_at`,
    [randomUUID(), streamId, version, event.type, schemaVersion, event.data, { trace }],
  );
  return fromRow(rows[0]!);
}

/**
 * Upserts the stream's snapshot. The events just inserted hold the stream's unique version constraint until this
 * transaction ends, so writers of one stream's snapshot are already serialised; the version check is a second guard.
 */
async function saveSnapshot(client: PoolClient, streamId: string, version: number, snapshot: { stateVersion: string; state: unknown }) {
  await client.query(
    `insert into stream_snapshots (stream_id, state_version, stream_version, state) values ($1, $2, $3, $4)
     on conflict (stream_id, state_version) do update set stream_version = excluded.stream_version, state = excluded.state, taken_at = now()
     where stream_snapshots.stream_version < excluded.stream_version`,
    [streamId, snapshot.stateVersion, version, JSON.stringify(snapshot.state)],
  );
}

function fromRow(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: row.global_position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    trace: row.metadata.trace ?? {},
    recordedAt: row.recorded_at.toISOString(),
  };
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505' && 'constraint' in error && error.constraint === constraint;
}
