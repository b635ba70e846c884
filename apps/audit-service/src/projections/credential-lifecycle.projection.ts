import type { PoolClient } from '@tessera/postgres';
import type { DecodedEvent } from './audit-log.projection.ts';

interface Issued {
  id: string;
  userId: string;
  credential: 'token' | 'api_key';
  clientType: string;
  note: string;
  issuedAt: string;
  expiresAt: string | null;
}

/**
 * What the events say of a token's or API key's life, into its activity row: issued (for whom, of which client
 * type, until when), revoked with the reason, expired with the reason. Each statement only sets what its events
 * know, so applying an event twice changes nothing, and the usage columns are never touched here. A batch holds one
 * partition, where a credential's events keep their order (they share its user's key): issues are applied first,
 * then revocations and expiries, one statement each, with the last event of a credential winning.
 */
export async function projectCredentialLifecycle(client: PoolClient, decoded: readonly DecodedEvent[]): Promise<void> {
  const issued = new Map<string, Issued>();
  const revoked = new Map<string, { at: string; reason: string }>();
  const expired = new Map<string, { at: string; reason: string; earliest: string }>();
  for (const { event } of decoded) {
    switch (event.type) {
      case 'TokenIssued': {
        const { token_id, user_id, client_type, note, created_at, expires_at } = event.data;
        issued.set(token_id, { id: token_id, userId: user_id, credential: 'token', clientType: client_type, note, issuedAt: created_at, expiresAt: expires_at });
        break;
      }
      case 'ApiKeyGenerated':
        issued.set(event.data.api_key, { id: event.data.api_key, userId: event.data.user_id, credential: 'api_key', clientType: 'worker', note: 'API key', issuedAt: event.data.at, expiresAt: null });
        break;
      case 'TokenRevoked':
        revoked.set(event.data.token_id, { at: event.data.at, reason: event.data.reason });
        break;
      case 'TokenExpired': {
        const before = expired.get(event.data.token_id)?.earliest;
        const earliest = before !== undefined && Date.parse(before) < Date.parse(event.data.at) ? before : event.data.at;
        expired.set(event.data.token_id, { at: event.data.at, reason: event.data.reason, earliest });
        break;
      }
      default:
        break;
    }
  }
  if (issued.size > 0) {
    const rows = [...issued.values()];
    await client.query(
      `insert into token_activity (token_id, user_id, credential, client_type, note, issued_at, expires_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
       on conflict (token_id) do update set note = excluded.note, issued_at = excluded.issued_at, expires_at = excluded.expires_at`,
      (['id', 'userId', 'credential', 'clientType', 'note', 'issuedAt', 'expiresAt'] as const).map((key) => rows.map((row) => row[key])),
    );
  }
  if (revoked.size > 0) {
    await client.query(
      `update token_activity a set revoked_at = r.at, revoked_reason = r.reason
       from unnest($1::text[], $2::timestamptz[], $3::text[]) as r(token_id, at, reason) where a.token_id = r.token_id`,
      [[...revoked.keys()], [...revoked.values()].map((r) => r.at), [...revoked.values()].map((r) => r.reason)],
    );
  }
  if (expired.size > 0) {
    await client.query(
      `update token_activity a set expired_at = e.at, expired_reason = e.reason, expires_at = least(a.expires_at, e.earliest)
       from unnest($1::text[], $2::timestamptz[], $3::text[], $4::timestamptz[]) as e(token_id, at, reason, earliest) where a.token_id = e.token_id`,
      [[...expired.keys()], [...expired.values()].map((e) => e.at), [...expired.values()].map((e) => e.reason), [...expired.values()].map((e) => e.earliest)],
    );
  }
}
