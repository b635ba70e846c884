import type { PoolClient } from '@tessera/postgres';
import type { StoredEvent } from './event-store/postgres-event-store.ts';
import type { TokenServiceEvent } from './event-store/public-event.ts';

/** Keeps the `users` and `tokens` tables in step with the events, inside the append's transaction. */
export async function project(client: PoolClient, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as TokenServiceEvent;
  switch (event.type) {
    case 'UserRegistered': {
      const u = event.data;
      await client.query(
        `insert into users (user_id, username, email, first_name, last_name, roles, password_hash, active, registered_at)
         values ($1, $2, $3, $4, $5, $6, $7, true, $8)`,
        [u.user_id, u.username, u.email, u.first_name, u.last_name, u.roles, u.password_hash, u.registered_at],
      );
      return;
    }
    case 'TokenIssued': {
      const t = event.data;
      await client.query(
        `insert into tokens (token_id, user_id, token_digest, masked, client_type, user_agent, note, created_at, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [t.token_id, t.user_id, t.token_digest, t.masked, t.client_type, t.user_agent, t.note, t.created_at, t.expires_at],
      );
      return;
    }
    case 'LoginSucceeded':
    case 'LoginFailed':
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
