import { Type, type Static } from 'typebox';
import type { Pool } from '@tessera/postgres';
import { activeCredential } from './token-activity.query.ts';

const bucketMinutes = { minute: 1, hour: 60, day: 1440 } as const;
type Bucket = keyof typeof bucketMinutes;
const buckets = Object.keys(bucketMinutes) as Bucket[];
const maxBuckets = 1500; // a day in minutes fits

export const SummaryQuery = Type.Object(
  {
    hours: Type.Integer({ minimum: 1, maximum: 2160, default: 24, description: 'The window: this many hours up to now' }),
    bucket: Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')], {
      default: 'hour',
      description: `The finest step wanted. A window of more than ${maxBuckets} such steps is answered in the next wider one; the answer's bucket says which`,
    }),
  },
  { additionalProperties: false },
);

const count = Type.Integer({ minimum: 0 });
const counts = { validations: count, logins: count, failed_logins: count, issued: count, revoked: count };
export const Summary = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  bucket: Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')], { description: 'The step of the series' }),
  active_tokens: Type.Object({ total: count, by_client_type: Type.Array(Type.Object({ client_type: Type.String(), count })) }),
  totals: Type.Object({ ...counts, dead_letters: Type.Integer({ minimum: 0, description: 'All time, not only the window' }) }),
  series: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), ...counts }), { description: 'One entry per bucket, oldest first' }),
  validations_by_client_type: Type.Array(Type.Object({ client_type: Type.String(), uses: count })),
});


/**
 * Headline numbers and their course over a window: active credentials by client type now; validations (from the
 * usage counts), logins, failed logins (unknown names included), issues (tokens and API keys) and revocations.
 */
export async function summary(pool: Pool, query: Static<typeof SummaryQuery>): Promise<Static<typeof Summary>> {
  const bucket = bucketFor(query.hours, query.bucket);
  const to = new Date();
  const from = new Date(to.getTime() - query.hours * 3_600_000);
  const window = [from, to, bucket];
  const [series, active, uses, deadLetters] = await Promise.all([
    pool.query<Record<string, string | Date>>(
      `with buckets as (select generate_series(date_trunc($3, $1::timestamptz), $2::timestamptz, ('1 ' || $3)::interval) as at),
       events as (
         select date_trunc($3, occurred_at) as at,
           count(*) filter (where type = 'LoginSucceeded') as logins,
           count(*) filter (where type in ('LoginFailed', 'UnknownLoginFailed')) as failed_logins,
           count(*) filter (where type in ('TokenIssued', 'ApiKeyGenerated')) as issued,
           count(*) filter (where type = 'TokenRevoked') as revoked
         from audit_log
         where type in ('LoginSucceeded', 'LoginFailed', 'UnknownLoginFailed', 'TokenIssued', 'ApiKeyGenerated', 'TokenRevoked')
           and occurred_at >= $1 and occurred_at <= $2
         group by 1),
       uses as (
         select date_trunc($3, minute) as at, sum(uses) as validations from uses_per_minute
         where minute >= date_trunc('minute', $1::timestamptz) and minute <= $2 group by 1)
       select b.at, coalesce(u.validations, 0) as validations, coalesce(e.logins, 0) as logins, coalesce(e.failed_logins, 0) as failed_logins,
         coalesce(e.issued, 0) as issued, coalesce(e.revoked, 0) as revoked
       from buckets b left join events e using (at) left join uses u using (at) order by b.at`,
      window,
    ),
    pool.query<{ client_type: string; count: string }>(
      `select client_type, count(*) as count from token_activity where ${activeCredential} group by client_type order by count desc, client_type`,
    ),
    pool.query<{ client_type: string; uses: string }>(
      `select client_type, sum(uses) as uses from uses_per_minute where minute >= date_trunc('minute', $1::timestamptz) and minute <= $2
       group by client_type order by uses desc, client_type`,
      [from, to],
    ),
    pool.query<{ count: string }>('select count(*) as count from dead_letters'),
  ]);
  const points = series.rows.map((row) => ({
    at: (row['at'] as Date).toISOString(),
    validations: Number(row['validations']),
    logins: Number(row['logins']),
    failed_logins: Number(row['failed_logins']),
    issued: Number(row['issued']),
    revoked: Number(row['revoked']),
  }));
  const total = (field: keyof (typeof points)[number] & keyof typeof counts) => points.reduce((sum, point) => sum + point[field], 0);
  const byClientType = active.rows.map((row) => ({ client_type: row.client_type, count: Number(row.count) }));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    active_tokens: { total: byClientType.reduce((sum, row) => sum + row.count, 0), by_client_type: byClientType },
    totals: {
      validations: total('validations'),
      logins: total('logins'),
      failed_logins: total('failed_logins'),
      issued: total('issued'),
      revoked: total('revoked'),
      dead_letters: Number(deadLetters.rows[0]?.count ?? 0),
    },
    series: points,
    validations_by_client_type: uses.rows.map((row) => ({ client_type: row.client_type, uses: Number(row.uses) })),
  };
}

/**
 * The bucket asked for, or the next wider one while the series would hold more than the points a chart can use.
 * Every window the schema allows fits in days, so a valid query is always answered.
 */
export function bucketFor(hours: number, wanted: Bucket): Bucket {
  // One more point than whole buckets: the first one, cut by the window's start.
  const fits = (bucket: Bucket) => Math.ceil((hours * 60) / bucketMinutes[bucket]) + 1 <= maxBuckets;
  return buckets.slice(buckets.indexOf(wanted)).find(fits) ?? 'day';
}
