import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { MessageProducer, OutgoingMessage } from '@tessera/messaging';
import type { Pool } from '@tessera/postgres';
import { createLogger } from '@tessera/telemetry';
import { migratedTestDatabase, waitFor, type MigratedTestDatabase } from '@tessera/testing';
import { enqueueInOutbox, outboxChannel } from './outbox.ts';
import { startOutboxRelay, type OutboxRelay } from './outbox-relay.ts';
import { PostgresEventStore } from './postgres-event-store.ts';

describe('outbox relay', () => {
  let database: MigratedTestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let relay: OutboxRelay;
  const sent: OutgoingMessage[] = [];
  const producer: MessageProducer = {
    send: async (_topic, messages) => void sent.push(...messages),
    disconnect: async () => undefined,
  };

  before(async () => {
    database = await migratedTestDatabase('outbox_relay', import.meta.dirname);
    pool = database.pool;
    store = new PostgresEventStore(pool, (client, events) => enqueueInOutbox(client, 'events', events));
    // A poll far longer than any wait below: only a NOTIFY, or listening again, can wake the relay in time.
    relay = startOutboxRelay({ pool, databaseUrl: database.url, producer, logger: createLogger('test', 'fatal'), pollMs: 10 * 60_000 });
  });

  after(async () => {
    await relay.stop();
    await database.drop();
  });

  const listenerPid = async (admin: pg.Client) =>
    (
      await admin.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = $1 and state = 'idle' and query = $2",
        [database.name, `listen ${outboxChannel}`],
      )
    ).rows[0]?.pid;

  const appendAndAwait = async (streamId: string) => {
    await store.append([{ streamId, expectedVersion: 0, events: [{ type: 'UserDeactivated', data: { user_id: streamId } }] }]);
    await waitFor(() => sent.some((message) => JSON.parse(message.value).stream_id === streamId), { description: `the event of ${streamId} to be published`, timeoutMs: 10_000 });
  };

  it('keeps publishing after its LISTEN connection is killed', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const first = await waitFor(() => listenerPid(admin), { description: 'the relay to LISTEN', timeoutMs: 10_000 });
      await appendAndAwait('before-kill');

      const { rows } = await admin.query<{ killed: boolean }>('select pg_terminate_backend($1) as killed', [first]);
      assert.equal(rows[0]!.killed, true);
      // Appended at once, possibly while no connection listens: its NOTIFY may be lost, and must not matter.
      await appendAndAwait('right-after-kill');

      const second = await waitFor(() => listenerPid(admin), { description: 'the relay to LISTEN again', timeoutMs: 10_000 });
      assert.notEqual(second, first);
      await appendAndAwait('after-relisten');
    } finally {
      await admin.end();
    }
  });
});
