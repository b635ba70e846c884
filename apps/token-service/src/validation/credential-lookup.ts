import type { ClientType } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';
import type { UserProfile } from '../users/user-queries.ts';

/** What Validate needs to know of a credential, as read from the projections (and as cached in Redis). */
export interface CredentialRecord {
  credential: 'token' | 'api_key';
  user: UserProfile;
  token: {
    id: string;
    client_type: ClientType;
    user_agent: string;
    note: string;
    masked: string;
    created_at: string;
    /** Null for API keys, which do not expire. */
    expires_at: string | null;
    valid: boolean;
    invalid_reason: string;
    invalid_date: string | null;
    policy: unknown;
  };
}

type Row = Omit<UserProfile, 'id'> & {
  user_id: string;
  id: string;
  client_type: ClientType;
  user_agent: string;
  note: string;
  masked: string;
  created_at: Date;
  expires_at: Date | null;
  valid: boolean;
  invalid_reason: string;
  invalid_date: Date | null;
  policy: unknown;
};

const userColumns = 'u.user_id, u.username, u.email, u.first_name, u.last_name, u.roles, u.active';

export async function findToken(pool: Pool, digest: string): Promise<CredentialRecord | undefined> {
  const { rows } = await pool.query<Row>(
    `select t.token_id as id, t.client_type, t.user_agent, t.note, t.masked, t.created_at, t.expires_at, t.valid,
            t.invalid_reason, t.invalid_date, t.policy, ${userColumns}
     from tokens t join users u using (user_id) where t.token_digest = $1`,
    [digest],
  );
  return rows[0] && toRecord('token', rows[0]);
}

/** Looks a key up by its id and its secret's digest together: a wrong secret is simply not found. */
export async function findApiKey(pool: Pool, apiKey: string, secretDigest: string): Promise<CredentialRecord | undefined> {
  const { rows } = await pool.query<Row>(
    `select k.api_key as id, 'worker' as client_type, '' as user_agent, 'API key' as note, k.masked_secret as masked,
            k.created_at, null as expires_at, true as valid, '' as invalid_reason, null as invalid_date, null as policy, ${userColumns}
     from api_keys k join users u using (user_id) where k.api_key = $1 and k.secret_digest = $2`,
    [apiKey, secretDigest],
  );
  return rows[0] && toRecord('api_key', rows[0]);
}

function toRecord(credential: CredentialRecord['credential'], row: Row): CredentialRecord {
  return {
    credential,
    user: { id: row.user_id, username: row.username, email: row.email, first_name: row.first_name, last_name: row.last_name, roles: row.roles, active: row.active },
    token: {
      id: row.id,
      client_type: row.client_type,
      user_agent: row.user_agent,
      note: row.note,
      masked: row.masked,
      created_at: row.created_at.toISOString(),
      expires_at: row.expires_at?.toISOString() ?? null,
      valid: row.valid,
      invalid_reason: row.invalid_reason,
      invalid_date: row.invalid_date?.toISOString() ?? null,
      policy: row.policy,
    },
  };
}
