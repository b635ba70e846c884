import { StartupError } from '@tessera/config';
import { bootstrapActor, decideUser, initialUserState, userDecider } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';
import { inSpan, type Logger } from '@tessera/telemetry';
import type { PasswordHasher } from '../credentials/password-hasher.ts';
import { newId } from '../credentials/issue-secret.ts';
import { decideAndAppend } from '../event-store/decide-and-append.ts';
import type { PostgresEventStore } from '../event-store/postgres-event-store.ts';
import { changingAdmins } from './admin-roster.ts';

/**
 * Gives the installation an admin from configuration while it has no *active* admin (as Keycloak's bootstrap admin),
 * so a new installation can be administered, and one whose admins were all deactivated (before the last-admin guard
 * refused that) gets one back by a restart. Once an active admin exists, the settings are ignored.
 *
 * With no user of the configured name, the admin is registered. An inactive admin of that name is reactivated with
 * the configured password: the settings are what the operator holds, and the old password may be what was lost. Both
 * are events with the bootstrap as their actor. The password goes first, in its own append, so a start-up that stops
 * between the two leaves no active admin and the next one does both again. A user of that name who is not an admin
 * stops the start-up: making it an admin would hand administration to whoever holds that account.
 */
export async function bootstrapAdmin(
  deps: { pool: Pool; store: PostgresEventStore; passwords: PasswordHasher; logger: Logger; now: () => Date },
  admin: { username: string; password: string; email: string },
): Promise<void> {
  // Under the admin roster's lock: instances starting together, and deactivations, wait for each other.
  await inSpan('tessera.bootstrap-admin', {}, () => changingAdmins(deps.pool, async (activeAdmins) => {
    if ((await activeAdmins()) > 0) return;
    const { rows } = await deps.pool.query<{ user_id: string; roles: string[] }>('select user_id, roles from users where lower(username) = lower($1)', [admin.username]);
    const existing = rows[0];
    const at = deps.now().toISOString();
    const password_hash = await deps.passwords.hash(admin.password);
    if (!existing) {
      const userId = newId('user');
      const events = decideUser(
        {
          type: 'RegisterUser',
          data: {
            user_id: userId, username: admin.username, email: admin.email, first_name: '', last_name: '', roles: ['admin'], password_hash, at,
            actor: bootstrapActor(userId, 'start-up'),
          },
        },
        initialUserState(),
      );
      await deps.store.append([{ streamId: `user-${userId}`, expectedVersion: 0, events }]);
      deps.logger.info({ user_id: userId, username: admin.username }, 'bootstrap admin created');
      return;
    }
    if (!existing.roles.includes('admin')) {
      throw new StartupError('TESSERA_BOOTSTRAP_ADMIN_USERNAME', 'names a user who is not an admin, and no active admin exists: name another user, or an admin to reactivate.');
    }
    const userId = existing.user_id;
    const actor = bootstrapActor(userId, 'start-up');
    await decideAndAppend(deps.store, ({ decide }) => decide(`user-${userId}`, userDecider, { type: 'ChangePassword', data: { user_id: userId, password_hash, at, actor } }));
    await decideAndAppend(deps.store, ({ decide }) => decide(`user-${userId}`, userDecider, { type: 'ReactivateUser', data: { user_id: userId, at, actor } }));
    deps.logger.warn({ user_id: userId, username: admin.username }, 'no active admin was left: the bootstrap admin is reactivated, with the configured password');
  }));
}
