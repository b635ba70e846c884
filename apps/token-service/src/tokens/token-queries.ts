import type { ActiveToken, ClientType } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';

export async function activeTokensOf(pool: Pool, userId: string, clientType?: string): Promise<ActiveToken[]> {
  const { rows } = await pool.query<{ token_id: string; client_type: ClientType }>(
    `select token_id, client_type from tokens
     where user_id = $1 and valid and expires_at > now() and ($2::text is null or client_type = $2) order by created_at`,
    [userId, clientType ?? null],
  );
  return rows.map((row) => ({ tokenId: row.token_id, clientType: row.client_type }));
}

export interface TokenRow {
  token_id: string;
  user_id: string;
  client_type: string;
  user_agent: string;
  note: string;
  masked: string;
  created_at: Date;
  expires_at: Date;
  valid: boolean;
  invalid_reason: string;
  invalid_date: Date | null;
  policy: unknown;
}

const tokenColumns = 'token_id, user_id, client_type, user_agent, note, masked, created_at, expires_at, valid, invalid_reason, invalid_date, policy';

export async function findTokenById(pool: Pool, tokenId: string): Promise<TokenRow | undefined> {
  const { rows } = await pool.query<TokenRow>(`select ${tokenColumns} from tokens where token_id = $1`, [tokenId]);
  return rows[0];
}

export async function listTokens(pool: Pool, filter: { userId?: string; clientType?: string; includeInvalid: boolean }): Promise<TokenRow[]> {
  const { rows } = await pool.query<TokenRow>(
    `select ${tokenColumns} from tokens
     where ($1::text is null or user_id = $1) and ($2::text is null or client_type = $2)
       and ($3 or (valid and expires_at > now()))
     order by created_at desc limit 1000`,
    [filter.userId ?? null, filter.clientType ?? null, filter.includeInvalid],
  );
  return rows;
}
