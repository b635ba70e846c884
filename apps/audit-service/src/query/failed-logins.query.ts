import { Type, type Static } from 'typebox';
import type { Pool } from '@tessera/postgres';

export const FailedLoginsQuery = Type.Object(
  { hours: Type.Integer({ minimum: 1, maximum: 2160, default: 24, description: 'The window: this many hours up to now' }) },
  { additionalProperties: false },
);

const count = Type.Integer({ minimum: 0 });
const time = Type.String({ format: 'date-time' });
export const FailedLogins = Type.Object({
  from: time,
  to: time,
  by_ip: Type.Array(Type.Object({ ip: Type.String(), failures: count, unknown_names: count, users: count, last_at: time }), {
    description: 'The 100 addresses with the most failures: who is guessing',
  }),
  by_user: Type.Array(Type.Object({ user_id: Type.String(), failures: count, ips: count, last_at: time }), {
    description: 'The 100 users with the most failures: whose password is being guessed',
  }),
});

type Row = Record<string, string | Date>;

/** Failed logins over a window, by address (unknown names included) and by the user they were aimed at. */
export async function failedLogins(pool: Pool, query: Static<typeof FailedLoginsQuery>): Promise<Static<typeof FailedLogins>> {
  const to = new Date();
  const from = new Date(to.getTime() - query.hours * 3_600_000);
  const [byIp, byUser] = await Promise.all([
    pool.query<Row>(
      `select ip, count(*) as failures, count(*) filter (where user_id is null) as unknown_names, count(distinct user_id) as users, max(at) as last_at
       from failed_logins where at >= $1 and at <= $2 group by ip order by failures desc, last_at desc limit 100`,
      [from, to],
    ),
    pool.query<Row>(
      `select user_id, count(*) as failures, count(distinct ip) as ips, max(at) as last_at
       from failed_logins where user_id is not null and at >= $1 and at <= $2 group by user_id order by failures desc, last_at desc limit 100`,
      [from, to],
    ),
  ]);
  const iso = (value: string | Date | undefined) => (value as Date).toISOString();
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    by_ip: byIp.rows.map((row) => ({
      ip: String(row['ip']), failures: Number(row['failures']), unknown_names: Number(row['unknown_names']), users: Number(row['users']), last_at: iso(row['last_at']),
    })),
    by_user: byUser.rows.map((row) => ({ user_id: String(row['user_id']), failures: Number(row['failures']), ips: Number(row['ips']), last_at: iso(row['last_at']) })),
  };
}
