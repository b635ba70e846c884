import { decodeUsageEvent, type UsageEvent } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { recordDeadLetter } from './dead-letters.ts';

type Usage = UsageEvent['data'];

/**
 * Adds a batch of usage events (each about a second of a credential's uses) to the credentials' activity, each
 * event once: counts add up, so a copy is recognised by its event id (a redelivered message is kept out earlier, by
 * the consumer's positions). last_used_at only moves forward, and the last IP and User-Agent go with it, even when
 * events of one token arrive out of order. The batch is summed per credential first: one statement per table.
 */
export async function projectTokenActivity(client: PoolClient, messages: readonly IncomingMessage[]): Promise<void> {
  const events: UsageEvent[] = [];
  for (const message of messages) {
    const decoded = decodeUsageEvent(message.value);
    if (decoded.ok) events.push(decoded.value);
    else await recordDeadLetter(client, message, decoded.reason);
  }
  if (events.length === 0) return;
  const { rows } = await client.query<{ event_id: string }>(
    'insert into counted_usage_events (event_id) select unnest($1::uuid[]) on conflict do nothing returning event_id',
    [events.map((event) => event.event_id)],
  );
  const unseen = new Set(rows.map((row) => row.event_id));
  // Counted once each, even where a batch holds two copies of one event (PostgreSQL answers uuids in lower case).
  const counted = events.filter((event) => unseen.delete(event.event_id.toLowerCase())).map((event) => event.data);
  const perCredential = new Map<string, Usage>();
  for (const data of counted) {
    const sum = perCredential.get(data.token_id);
    perCredential.set(data.token_id, sum ? add(sum, data) : { ...data });
  }
  if (perCredential.size === 0) return;
  const sums = [...perCredential.values()];
  const column = <K extends keyof Usage>(key: K) => sums.map((sum) => sum[key]);
  await client.query(
    `insert into token_activity as a (token_id, user_id, credential, client_type, use_count, first_used_at, last_used_at, last_ip, last_user_agent)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[])
     on conflict (token_id) do update set
       use_count = a.use_count + excluded.use_count,
       first_used_at = least(a.first_used_at, excluded.first_used_at),
       last_used_at = greatest(a.last_used_at, excluded.last_used_at),
       last_ip = case when a.last_used_at is null or excluded.last_used_at >= a.last_used_at then excluded.last_ip else a.last_ip end,
       last_user_agent = case when a.last_used_at is null or excluded.last_used_at >= a.last_used_at then excluded.last_user_agent else a.last_user_agent end`,
    [column('token_id'), column('user_id'), column('credential'), column('client_type'), column('count'), column('first_used_at'), column('last_used_at'), column('ip'), column('user_agent')],
  );
  await client.query(
    `insert into uses_per_minute (minute, client_type, uses)
     select date_trunc('minute', at), client_type, sum(uses) from unnest($1::timestamptz[], $2::text[], $3::bigint[]) as u(at, client_type, uses) group by 1, 2
     on conflict (minute, client_type) do update set uses = uses_per_minute.uses + excluded.uses`,
    [counted.map((data) => data.last_used_at), counted.map((data) => data.client_type), counted.map((data) => data.count)],
  );
}

/** Two tallies of one credential as one: the later use's address and User-Agent win, as they would row by row. */
function add(sum: Usage, next: Usage): Usage {
  const later = next.last_used_at >= sum.last_used_at;
  return {
    ...sum,
    count: sum.count + next.count,
    first_used_at: next.first_used_at < sum.first_used_at ? next.first_used_at : sum.first_used_at,
    last_used_at: later ? next.last_used_at : sum.last_used_at,
    ip: later ? next.ip : sum.ip,
    user_agent: later ? next.user_agent : sum.user_agent,
  };
}
