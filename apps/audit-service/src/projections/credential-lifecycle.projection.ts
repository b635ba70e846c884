import type { TokenServiceEvent } from '@tessera/contracts';
import type { PoolClient } from '@tessera/postgres';

/**
 * What the events say of a token's or API key's life, into its activity row: issued (for whom, of which client
 * type, until when), revoked with the reason, expired with the reason. Each statement only sets what its event
 * knows, so applying an event twice changes nothing, and the usage columns are never touched here.
 */
export async function projectCredentialLifecycle(client: PoolClient, event: TokenServiceEvent): Promise<void> {
  switch (event.type) {
    case 'TokenIssued': {
      const { token_id, user_id, client_type, note, created_at, expires_at } = event.data;
      return issued(client, { id: token_id, userId: user_id, credential: 'token', clientType: client_type, note, issuedAt: created_at, expiresAt: expires_at });
    }
    case 'ApiKeyGenerated':
      return issued(client, { id: event.data.api_key, userId: event.data.user_id, credential: 'api_key', clientType: 'worker', note: 'API key', issuedAt: event.data.at, expiresAt: null });
    case 'TokenRevoked':
      await client.query('update token_activity set revoked_at = $2, revoked_reason = $3 where token_id = $1', [event.data.token_id, event.data.at, event.data.reason]);
      return;
    case 'TokenExpired':
      await client.query('update token_activity set expired_at = $2, expired_reason = $3, expires_at = least(expires_at, $2) where token_id = $1', [
        event.data.token_id,
        event.data.at,
        event.data.reason,
      ]);
      return;
    default:
      return;
  }
}

interface Issued {
  id: string;
  userId: string;
  credential: 'token' | 'api_key';
  clientType: string;
  note: string;
  issuedAt: string;
  expiresAt: string | null;
}

async function issued(client: PoolClient, credential: Issued): Promise<void> {
  await client.query(
    `insert into token_activity (token_id, user_id, credential, client_type, note, issued_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (token_id) do update set note = excluded.note, issued_at = excluded.issued_at, expires_at = excluded.expires_at`,
    [credential.id, credential.userId, credential.credential, credential.clientType, credential.note, credential.issuedAt, credential.expiresAt],
  );
}
