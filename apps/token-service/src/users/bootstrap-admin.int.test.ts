import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findUp, StartupError } from '@tessera/config';
import { bootstrapActor, type UserEvent } from '@tessera/domain';
import { createPool, migrate, type Pool } from '@tessera/postgres';
import { createLogger } from '@tessera/telemetry';
import { createTestDatabase, testPassword } from '@tessera/testing';
import { createPasswordHasher, type PasswordHasher } from '../credentials/password-hasher.ts';
import { PostgresEventStore } from '../event-store/postgres-event-store.ts';
import { project } from '../projections/projector.ts';
import { changingAdmins } from './admin-roster.ts';
import { bootstrapAdmin } from './bootstrap-admin.ts';

const at = '2026-11-29T10:00:00.000Z';

describe('bootstrap admin at start-up: only while no active admin exists', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let store: PostgresEventStore;
  let passwords: PasswordHasher;
  const settings = { username: 'root', password: testPassword('bootstrap'), email: 'root@tessera.local' };
  const bootstrap = (admin: Partial<typeof settings> = {}) =>
    bootstrapAdmin({ pool, store, passwords, logger: createLogger('test', 'fatal'), now: () => new Date(at) }, { ...settings, ...admin });
  const users = async () =>
    (await pool.query<{ user_id: string; username: string; active: boolean; password_hash: string }>('select user_id, username, active, password_hash from users order by registered_at, username')).rows;
  const streamOf = async (userId: string) => (await store.readStream<UserEvent>(`user-${userId}`)).events;
  // As data from before the last-admin guard holds it: the deactivation straight in the store.
  const deactivatedInStore = async (userId: string) => {
    const { version } = await store.readStream(`user-${userId}`);
    await store.append([{ streamId: `user-${userId}`, expectedVersion: version, events: [{ type: 'UserDeactivated', data: { user_id: userId, reason: 'fuzzing', at } }] }]);
  };

  before(async () => {
    database = await createTestDatabase('bootstrap_admin');
    pool = createPool(database.url, { applicationName: 'bootstrap-admin-test' });
    await migrate(pool, findUp(import.meta.dirname, 'migrations'), 'test');
    store = new PostgresEventStore(pool, async (client, events) => {
      for (const event of events) await project(client, event);
    });
    passwords = await createPasswordHasher();
  });
  after(async () => {
    await pool.end();
    await database.drop();
  });

  it('registers the configured admin in an empty installation, once, with the bootstrap as its actor', async () => {
    await Promise.all([bootstrap(), bootstrap()]);
    const [root, ...others] = await users();
    assert.deepEqual([root?.username, root?.active, others.length], ['root', true, 0]);
    const [registered] = await streamOf(root!.user_id);
    assert.deepEqual(registered?.type === 'UserRegistered' && registered.data.actor, bootstrapActor(root!.user_id, 'start-up'));
  });

  it('does nothing while an active admin exists, even under another name', async () => {
    const before = await users();
    await bootstrap({ username: 'another-root', email: 'another@tessera.local' });
    assert.deepEqual(await users(), before);
  });

  it('reactivates its inactive admin, with the configured password, recording both as the bootstrap', async () => {
    const [root] = await users();
    await deactivatedInStore(root!.user_id);
    const newPassword = testPassword('rotated');
    await bootstrap({ password: newPassword });
    const [after] = await users();
    assert.equal(after!.active, true);
    assert.equal(await passwords.verify(after!.password_hash, newPassword), true, 'the configured password is the one that works');
    const recovered = (await streamOf(root!.user_id)).slice(-2).map((event) => [event.type, 'actor' in event.data ? event.data.actor : undefined]);
    const actor = bootstrapActor(root!.user_id, 'start-up');
    assert.deepEqual(recovered, [['PasswordChanged', actor], ['UserReactivated', actor]]);
  });

  it('registers a new admin when the inactive admins bear other names, and refuses to promote a user of its name', async () => {
    const [root] = await users();
    await deactivatedInStore(root!.user_id);
    await bootstrap({ username: 'second-root', email: 'second-root@tessera.local' });
    assert.deepEqual((await users()).map(({ username, active }) => [username, active]), [['root', false], ['second-root', true]]);

    const [, second] = await users();
    await deactivatedInStore(second!.user_id);
    await store.append([{
      streamId: 'user-usr_plain', expectedVersion: 0,
      events: [{ type: 'UserRegistered', data: { user_id: 'usr_plain', username: 'plain', email: 'plain@example.com', first_name: '', last_name: '', roles: ['user'], password_hash: 'x', registered_at: at } }],
    }]);
    await assert.rejects(bootstrap({ username: 'Plain' }), (error: unknown) => error instanceof StartupError && error.setting === 'TESSERA_BOOTSTRAP_ADMIN_USERNAME' && /not an admin/.test(error.message));
    assert.equal((await users()).some(({ active, username }) => active && username !== 'plain'), false, 'nobody was made an admin');
  });

  // A waiter blocked inside PostgreSQL would hold the pool's other connection, and the holder would wait for it forever.
  it('changes to the admins wait their turn without holding a connection, so more of them than the pool has all finish', { timeout: 30_000 }, async () => {
    const small = createPool(database.url, { applicationName: 'admin-roster-test', max: 2 });
    try {
      let inside = 0;
      const overlaps: number[] = [];
      const changes = Array.from({ length: 6 }, () =>
        changingAdmins(small, async (activeAdmins) => {
          overlaps.push(++inside);
          // The holder needs a connection of its own, as a deactivation's append does.
          const counted = await activeAdmins();
          inside--;
          return counted;
        }),
      );
      const counts = await Promise.all(changes);
      assert.equal(new Set(counts).size, 1, 'each counted the same admins');
      assert.deepEqual(overlaps, [1, 1, 1, 1, 1, 1], 'one change at a time');
    } finally {
      await small.end();
    }
  });
});
