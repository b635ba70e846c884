import type { PoolClient } from '@tessera/postgres';
import type { StoredEvent } from '../event-store/postgres-event-store.ts';
import type { TokenServiceEvent } from '../event-store/public-event.ts';
import { recordStaleApiKey, recordStaleTokens } from '../validation/cache-invalidations.ts';

/**
 * Keeps `users`, `tokens` and `api_keys` in step with the events, inside the append's transaction, and records the
 * validation cache entries each change makes stale (cache-invalidations.ts). Rebuilding
 * replays every event through this same function, so the live and the rebuilt tables cannot disagree in method.
 */
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
    case 'UserDeactivated':
    case 'UserReactivated':
      await client.query('update users set active = $2 where user_id = $1', [event.data.user_id, event.type === 'UserReactivated']);
      await recordStaleTokens(client, { userId: event.data.user_id });
      await recordStaleApiKey(client, event.data.user_id);
      return;
    case 'PasswordChanged':
      await client.query('update users set password_hash = $2 where user_id = $1', [event.data.user_id, event.data.password_hash]);
      return;
    case 'TokenIssued': {
      const t = event.data;
      await client.query(
        `insert into tokens (token_id, user_id, token_digest, masked, client_type, user_agent, note, created_at, expires_at, policy)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [t.token_id, t.user_id, t.token_digest, t.masked, t.client_type, t.user_agent, t.note, t.created_at, t.expires_at, t.policy === null ? null : JSON.stringify(t.policy)],
      );
      return;
    }
    case 'TokenRevoked':
      await recordStaleTokens(client, { tokenId: event.data.token_id });
      await client.query('update tokens set valid = false, invalid_reason = $2, invalid_date = $3 where token_id = $1', [
        event.data.token_id,
        event.data.reason,
        event.data.at,
      ]);
      return;
    case 'TokenExpired':
      await recordStaleTokens(client, { tokenId: event.data.token_id });
      // Soft expiry (QFieldCloud): the row and its history stay; only the expiry moves to the moment of logout.
      await client.query('update tokens set expires_at = least(expires_at, $2) where token_id = $1', [event.data.token_id, event.data.at]);
      return;
    case 'ApiKeyGenerated':
      await client.query(
        `insert into api_keys (api_key, user_id, secret_digest, masked_secret, created_at, secret_issued_at) values ($1, $2, $3, $4, $5, $5)`,
        [event.data.api_key, event.data.user_id, event.data.secret_digest, event.data.masked_secret, event.data.at],
      );
      return;
    case 'ApiSecretRegenerated':
      await recordStaleApiKey(client, event.data.user_id);
      await client.query('update api_keys set secret_digest = $2, masked_secret = $3, secret_issued_at = $4 where api_key = $1', [
        event.data.api_key,
        event.data.secret_digest,
        event.data.masked_secret,
        event.data.at,
      ]);
      return;
    case 'LoginSucceeded':
    case 'LoginFailed':
    case 'LoginLockoutLifted':
    case 'UnknownLoginFailed':
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** The tables `project` writes, in an order that truncating respects (children first). */
export const projectionTables = ['api_keys', 'tokens', 'users'] as const;
