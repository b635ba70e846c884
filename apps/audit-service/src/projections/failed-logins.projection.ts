import type { TokenServiceEvent } from '@tessera/contracts';
import type { PoolClient } from '@tessera/postgres';

/** Failed logins by user (none for a name no user has) and IP, once per event. */
export async function projectFailedLogin(client: PoolClient, eventId: string, event: TokenServiceEvent): Promise<void> {
  if (event.type !== 'LoginFailed' && event.type !== 'UnknownLoginFailed') return;
  const { ip, client_type, user_agent, at } = event.data;
  const [userId, reason] = event.type === 'LoginFailed' ? [event.data.user_id, event.data.reason] : [null, 'unknown_login'];
  await client.query(
    `insert into failed_logins (event_id, user_id, ip, client_type, user_agent, reason, at)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (event_id) do nothing`,
    [eventId, userId, ip, client_type, user_agent, reason, at],
  );
}
