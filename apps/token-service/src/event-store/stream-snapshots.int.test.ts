import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldEvents, userDecider, type Decider, type UserCommand } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';
import { migratedTestDatabase, type MigratedTestDatabase } from '@tessera/testing';
import { decideAndAppend } from './decide-and-append.ts';
import { PostgresEventStore } from './postgres-event-store.ts';
import { rebuildProjections } from '../projections/rebuild-projections.ts';
import { project } from '../projections/projector.ts';

// A counter whose every event records the state it was decided on, so the stream itself shows whether each decision
// saw every event before it.
type Added = { type: 'Added'; data: { n: number; count_before: number; total_before: number } };
type Add = { type: 'Add'; n: number };
const counterV1: Decider<Add, Added, { count: number; total: number }> = {
  stateVersion: 'counter/1',
  initialState: () => ({ count: 0, total: 0 }),
  evolve: (state, event) => ({ count: state.count + 1, total: state.total + event.data.n }),
  decide: (command, state) => [{ type: 'Added', data: { n: command.n, count_before: state.count, total_before: state.total } }],
};
// The same stream read by a decider whose state has another shape: snapshots of counter/1 must not be read as it.
const counterV2: Decider<Add, Added, { seen: number[] }> = {
  stateVersion: 'counter/2',
  initialState: () => ({ seen: [] }),
  evolve: (state, event) => ({ seen: [...state.seen, event.data.n] }),
  decide: (command, state) => [{ type: 'Added', data: { n: command.n, count_before: state.seen.length, total_before: state.seen.reduce((a, b) => a + b, 0) } }],
};

const snapshotEvery = 50;

describe('stream snapshots: a command reads only the events after the latest snapshot (ADR 0007)', () => {
  let database: MigratedTestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  // Rows the store reads outside an append's transaction: those of the streams commands load.
  let rowsRead = 0;

  before(async () => {
    database = await migratedTestDatabase('stream_snapshots', import.meta.dirname);
    pool = database.pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<{ rows: unknown[] }>;
    Object.assign(pool, {
      query: async (...args: unknown[]) => {
        const result = await query(...args);
        rowsRead += result.rows.length;
        return result;
      },
    });
    store = new PostgresEventStore(pool, async (client, events) => {
      for (const event of events) await project(client, event);
    });
  });

  after(async () => {
    await database.drop();
  });

  const add = (streamId: string, n: number, decider: Decider<Add, Added, unknown> = counterV1) =>
    decideAndAppend(store, ({ decide }) => decide(streamId, decider, { type: 'Add', n }), { snapshotEvery });
  const addMany = async (streamId: string, count: number) => {
    for (let n = 1; n <= count; n++) await add(streamId, n);
  };
  const snapshotsOf = async (streamId: string) =>
    (await pool.query<{ state_version: string; stream_version: number; state: unknown }>(
      'select state_version, stream_version, state from stream_snapshots where stream_id = $1 order by state_version',
      [streamId],
    )).rows;
  const rowsReadBy = async (work: () => Promise<unknown>) => {
    rowsRead = 0;
    await work();
    return rowsRead;
  };

  it('after many events, a decision reads the snapshot and the events after it, and nothing older', async () => {
    await addMany('counter-1', 130);
    // Snapshots were taken at versions 50 and 100; 30 events follow the latest.
    assert.deepEqual(await snapshotsOf('counter-1'), [{ state_version: 'counter/1', stream_version: 100, state: { count: 100, total: 5050 } }]);
    const read = await rowsReadBy(() => add('counter-1', 131));
    assert.equal(read, 1 + 30, 'one snapshot row and the 30 events after it');
    const fresh = await rowsReadBy(() => add('counter-fresh', 1));
    assert.equal(fresh, 0);
  });

  it('decides on exactly the state a full fold gives: every event saw all the events before it', async () => {
    const { version, events } = await store.readStream<Added>('counter-1');
    assert.equal(version, 131);
    events.forEach((event, index) => {
      assert.equal(event.data.count_before, index);
      assert.equal(event.data.total_before, (index * (index + 1)) / 2);
    });
    const loaded = await store.readStreamSinceSnapshot<Added, { count: number; total: number }>('counter-1', 'counter/1');
    assert.deepEqual(foldEvents(counterV1, loaded.events, loaded.snapshot!.state), foldEvents(counterV1, events));
  });

  it("a user's state folded from a snapshot equals the full fold of the user's stream, logins and all", async () => {
    const at = '2026-11-22T10:00:00.000Z';
    const userId = 'usr_snap';
    const attempt = { user_id: userId, client_type: 'cli' as const, user_agent: 'cli|1.0', ip: '127.0.0.1', at };
    const decide = (command: UserCommand) => decideAndAppend(store, ({ decide }) => decide(`user-${userId}`, userDecider, command), { snapshotEvery });
    await decide({
      type: 'RegisterUser',
      data: { user_id: userId, username: 'snap', email: 'snap@example.com', first_name: 'S', last_name: 'N', roles: ['user'], password_hash: 'h', at },
    });
    for (let i = 0; i < 120; i++) {
      if (i === 70) await decide({ type: 'DeactivateUser', data: { user_id: userId, reason: 'paused', at, actor: { user_id: 'usr_admin', credential: 'token', credential_id: 'tok_admin' }, active_admins: 2 } });
      await decide({ type: 'RecordLogin', data: { ...attempt, password_matches: i % 3 !== 0, token_id: `tok_${i}` } });
    }
    const full = await store.readStream<Parameters<typeof userDecider.evolve>[1]>(`user-${userId}`);
    const loaded = await store.readStreamSinceSnapshot<Parameters<typeof userDecider.evolve>[1], ReturnType<typeof userDecider.initialState>>(`user-${userId}`, 'user/1');
    assert.equal(loaded.version, full.version);
    assert.ok(loaded.snapshot && loaded.events.length < snapshotEvery);
    assert.deepEqual(loaded.events, full.events.slice(loaded.snapshot.version));
    assert.deepEqual(foldEvents(userDecider, loaded.events, loaded.snapshot.state), foldEvents(userDecider, full.events));
    assert.equal(foldEvents(userDecider, full.events).status, 'inactive');
    // The audit record is untouched: every attempt is an event of the user's stream.
    assert.equal(full.events.filter((e) => e.type === 'LoginSucceeded' || e.type === 'LoginFailed').length, 120);
  });

  it('ignores a snapshot of another state version: folds the stream from its start, then snapshots the new shape', async () => {
    const read = await rowsReadBy(() => add('counter-1', 132, counterV2 as Decider<Add, Added, unknown>));
    assert.equal(read, 131, 'every event, and no snapshot row');
    const { events } = await store.readStream<Added>('counter-1');
    assert.deepEqual(events.at(-1)!.data, { n: 132, count_before: 131, total_before: (131 * 132) / 2 });
    assert.deepEqual(
      (await snapshotsOf('counter-1')).map((s) => [s.state_version, s.stream_version]),
      [['counter/1', 100], ['counter/2', 132]],
    );
    assert.equal(await rowsReadBy(() => add('counter-1', 133, counterV2 as Decider<Add, Added, unknown>)), 1);
  });

  it('a snapshot is only written with the events it covers: racing commands across a snapshot boundary never leave a stale one', async () => {
    await addMany('counter-race', snapshotEvery - 1);
    await Promise.all(Array.from({ length: 6 }, (_, i) => add('counter-race', 1000 + i)));
    const { version, events } = await store.readStream<Added>('counter-race');
    assert.equal(version, snapshotEvery + 5);
    events.forEach((event, index) => assert.equal(event.data.count_before, index));
    const [snapshot] = await snapshotsOf('counter-race');
    assert.ok(snapshot);
    assert.deepEqual(snapshot.state, foldEvents(counterV1, events.slice(0, snapshot.stream_version)));
  });

  it("answers what the plan returns, from the run whose append won: a racing plan runs again on the new state", async () => {
    const countBefore = () =>
      decideAndAppend(store, async ({ decide }) => {
        const [added] = await decide('counter-answers', counterV1, { type: 'Add', n: 1 });
        return added?.data.count_before;
      });
    const answers = await Promise.all(Array.from({ length: 4 }, countBefore));
    assert.deepEqual(answers.toSorted(), [0, 1, 2, 3]);
  });

  it('refuses a plan that decides twice on one stream, and appends none of it', async () => {
    await assert.rejects(
      decideAndAppend(store, async ({ decide }) => {
        await decide('counter-twice-other', counterV1, { type: 'Add', n: 1 });
        await decide('counter-twice', counterV1, { type: 'Add', n: 1 });
        await decide('counter-twice', counterV1, { type: 'Add', n: 2 });
      }),
      /decided twice on counter-twice/,
    );
    assert.deepEqual([(await store.readStream('counter-twice')).version, (await store.readStream('counter-twice-other')).version], [0, 0]);
  });

  it('leaves the projection rebuild working beside the snapshots', async () => {
    // A user of its own to rebuild, whichever tests ran before.
    const registration = { user_id: 'usr_rebuilt', username: 'rebuilt', email: 'rebuilt@example.com', first_name: 'R', last_name: 'B', roles: ['user'], password_hash: 'h' };
    await store.append([{ streamId: 'user-usr_rebuilt', expectedVersion: 0, events: [{ type: 'UserRegistered', data: { ...registration, registered_at: '2026-11-22T11:00:00.000Z' } }] }]);
    const usersBefore = (await pool.query('select user_id, username, active from users order by user_id')).rows;
    assert.ok(usersBefore.some((user) => user.user_id === 'usr_rebuilt'), 'the new user projected');
    const replayed = await rebuildProjections(pool);
    const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from events');
    assert.equal(replayed, rows[0]!.n);
    assert.deepEqual((await pool.query('select user_id, username, active from users order by user_id')).rows, usersBefore);
  });
});
