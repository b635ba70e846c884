import { decodeUsageEvent } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { recordDeadLetter } from './dead-letters.ts';

/**
 * Adds one usage event (about a second of a credential's uses) to its activity, once: counts add up, so a copy is
 * recognised by its event id (a redelivered message is kept out earlier, by the consumer's positions).
 * last_used_at only moves forward, and the last IP and User-Agent go with it, even when events of one token arrive
 * out of order.
 */
export async function projectTokenActivity(client: PoolClient, message: IncomingMessage): Promise<void> {
  const decoded = decodeUsageEvent(message.value);
  if (!decoded.ok) return recordDeadLetter(client, message, decoded.reason);
  const { event_id, data } = decoded.value;
  const first = await client.query('insert into counted_usage_events (event_id) values ($1) on conflict do nothing', [event_id]);
  if (first.rowCount === 0) return;
  await client.query(
    `insert into token_activity as a (token_id, user_id, credential, client_type, use_count, first_used_at, last_used_at, last_ip, last_user_agent)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (token_id) do update set
       use_count = a.use_count + excluded.use_count,
       first_used_at = least(a.first_used_at, excluded.first_used_at),
       last_used_at = greatest(a.last_used_at, excluded.last_used_at),
       last_ip = case when a.last_used_at is null or excluded.last_used_at >= a.last_used_at then excluded.last_ip else a.last_ip end,
       last_user_agent = case when a.last_used_at is null or excluded.last_used_at >= a.last_used_at then excluded.last_user_agent else a.last_user_agent end`,
    [data.token_id, data.user_id, data.credential, data.client_type, data.count, data.first_used_at, data.last_used_at, data.ip, data.user_agent],
  );
  await client.query(
    `insert into uses_per_minute (minute, client_type, uses) values (date_trunc('minute', $1::timestamptz), $2, $3)
     on conflict (minute, client_type) do update set uses = uses_per_minute.uses + excluded.uses`,
    [data.last_used_at, data.client_type, data.count],
  );
}
