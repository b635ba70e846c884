import { Type, type Static, type TSchema } from 'typebox';
import type { Pool } from '@tessera/postgres';

const time = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const TokenActivity = Type.Object({
  token_id: Type.String(),
  user_id: Type.String(),
  credential: Type.String(),
  client_type: Type.String(),
  note: nullable(Type.String()),
  issued_at: nullable(time),
  expires_at: nullable(time),
  revoked_at: nullable(time),
  revoked_reason: nullable(Type.String()),
  use_count: Type.Integer(),
  first_used_at: nullable(time),
  last_used_at: nullable(time),
  last_ip: nullable(Type.String()),
  last_user_agent: nullable(Type.String()),
});
type Activity = Static<typeof TokenActivity>;

/** A credential that still opens doors: neither revoked nor expired. */
export const activeCredential = 'revoked_at is null and expired_at is null and (expires_at is null or expires_at > now())';

type ActivityRow = Record<keyof Activity, unknown> & { use_count: string };

/** PostgreSQL's timestamps as ISO 8601, its bigint count as a number. */
function activityOf(row: ActivityRow): Activity {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
  return {
    ...(row as Activity),
    use_count: Number(row.use_count),
    issued_at: iso(row.issued_at),
    expires_at: iso(row.expires_at),
    revoked_at: iso(row.revoked_at),
    first_used_at: iso(row.first_used_at),
    last_used_at: iso(row.last_used_at),
  };
}

const activities = async (pool: Pool, sql: string, params: unknown[]) => (await pool.query<ActivityRow>(sql, params)).rows.map(activityOf);

/** The activity of each of these credentials that was ever issued or used; the others are left out. */
export const activityOfCredentials = (pool: Pool, tokenIds: readonly string[]) =>
  activities(pool, 'select * from token_activity where token_id = any($1)', [tokenIds]);

export const activityOfUser = (pool: Pool, userId: string) =>
  activities(pool, 'select * from token_activity where user_id = $1 order by issued_at desc nulls last, token_id', [userId]);

/** Active credentials not used for `days` days, or never: the longest unused first. At most 1,000. */
export const staleCredentials = (pool: Pool, days: number) =>
  activities(
    pool,
    `select * from token_activity where ${activeCredential} and (last_used_at is null or last_used_at < now() - make_interval(days => $1))
     order by last_used_at nulls first, issued_at limit 1000`,
    [days],
  );

/** Active credentials that expire within `days` days, the soonest first. At most 1,000. */
export const expiringCredentials = (pool: Pool, days: number) =>
  activities(pool, `select * from token_activity where ${activeCredential} and expires_at <= now() + make_interval(days => $1) order by expires_at limit 1000`, [days]);
