import type { PoolClient } from '@tessera/postgres';
import type { DecodedEvent } from './audit-log.projection.ts';

/** Failed logins by user (none for a name no user has) and IP, once per event; one statement for a whole batch. */
export async function projectFailedLogins(client: PoolClient, decoded: readonly DecodedEvent[]): Promise<void> {
  const failures = decoded.flatMap(({ event }) => {
    if (event.type !== 'LoginFailed' && event.type !== 'UnknownLoginFailed') return [];
    const { ip, client_type, user_agent, at } = event.data;
    const [userId, reason] = event.type === 'LoginFailed' ? [event.data.user_id, event.data.reason] : [null, 'unknown_login'];
    return [{ id: event.event_id, userId, ip, client_type, user_agent, reason, at }];
  });
  if (failures.length === 0) return;
  await client.query(
    `insert into failed_logins (event_id, user_id, ip, client_type, user_agent, reason, at)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
     on conflict (event_id) do nothing`,
    (['id', 'userId', 'ip', 'client_type', 'user_agent', 'reason', 'at'] as const).map((key) => failures.map((failure) => failure[key])),
  );
}
