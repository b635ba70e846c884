import { decideUser, initialUserState } from '@tessera/domain';
import { inTransaction, type Pool } from '@tessera/postgres';
import { inSpan, type Logger } from '@tessera/telemetry';
import type { PasswordHasher } from '../credentials/password-hasher.ts';
import { newId } from '../credentials/issue-secret.ts';
import type { PostgresEventStore } from '../event-store/postgres-event-store.ts';

/**
 * Creates the first admin from configuration when there is no admin yet (as Keycloak's bootstrap admin), so a new
 * installation can be administered; once an admin exists, the settings are ignored.
 */
export async function bootstrapAdmin(
  deps: { pool: Pool; store: PostgresEventStore; passwords: PasswordHasher; logger: Logger; now: () => Date },
  admin: { username: string; password: string; email: string },
): Promise<void> {
  // Serialises instances starting together; the lock is released with the transaction.
  await inSpan('tessera.bootstrap-admin', {}, () => inTransaction(deps.pool, async (client) => {
    await client.query("select pg_advisory_xact_lock(hashtext('tessera-bootstrap-admin'))");
    const { rowCount } = await client.query("select 1 from users where 'admin' = any(roles) limit 1");
    if (rowCount) return;
    const userId = newId('user');
    const events = decideUser(
      {
        type: 'RegisterUser',
        data: {
          user_id: userId, username: admin.username, email: admin.email, first_name: '', last_name: '', roles: ['admin'],
          password_hash: await deps.passwords.hash(admin.password), at: deps.now().toISOString(),
        },
      },
      initialUserState(),
    );
    await deps.store.append([{ streamId: `user-${userId}`, expectedVersion: 0, events }]);
    deps.logger.info({ user_id: userId, username: admin.username }, 'bootstrap admin created');
  }));
}
