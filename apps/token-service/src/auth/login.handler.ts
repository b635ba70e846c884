import { AuthenticationError, clientTypeFromUserAgent, decideToken, decideUser, foldEvents, initialTokenState, userDecider, type UserEvent, type UserRegistration } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';
import type { PasswordHasher } from '../credentials/password-hasher.ts';
import { newId, newToken } from '../credentials/issue-secret.ts';
import type { PostgresEventStore } from '../event-store/postgres-event-store.ts';

export interface LoginDependencies {
  pool: Pool;
  store: PostgresEventStore;
  passwords: PasswordHasher;
  tokenTtlHours: number;
  now: () => Date;
}

export interface LoginCommand {
  login: string;
  password: string;
  userAgent: string;
  ip: string;
}

type UserRow = Omit<UserRegistration, 'registered_at'> & { active: boolean };

const refused = () => new AuthenticationError('authentication_failed', 'Unable to log in with provided credentials.');

/** Login by username (any case) or email. Every refusal looks and takes the same: a wrong password, an unknown user. */
export async function login(deps: LoginDependencies, command: LoginCommand) {
  const { rows } = await deps.pool.query<UserRow>(
    `select user_id, username, email, first_name, last_name, roles, active, password_hash from users
     where lower(username) = lower($1) or lower(email) = lower($1) order by lower(username) = lower($1) desc limit 1`,
    [command.login],
  );
  const user = rows[0];
  const passwordMatches = await deps.passwords.verify(user?.password_hash ?? deps.passwords.decoy, command.password);
  if (!user) throw refused();

  const at = deps.now();
  const streamId = `user-${user.user_id}`;
  const stream = await deps.store.readStream<UserEvent>(streamId);
  const tokenId = newId('tok');
  const clientType = clientTypeFromUserAgent(command.userAgent);
  const userEvents = decideUser(
    {
      type: 'RecordLogin',
      data: { user_id: user.user_id, password_matches: passwordMatches, token_id: tokenId, client_type: clientType, user_agent: command.userAgent, ip: command.ip, at: at.toISOString() },
    },
    foldEvents(userDecider, stream.events),
  );
  if (userEvents.some((event) => event.type === 'LoginFailed')) {
    await deps.store.append([{ streamId, expectedVersion: stream.version, events: userEvents }]);
    throw refused();
  }

  const secret = newToken();
  const expiresAt = new Date(at.getTime() + deps.tokenTtlHours * 3_600_000);
  const tokenEvents = decideToken(
    {
      type: 'IssueToken',
      data: {
        token_id: tokenId, user_id: user.user_id, client_type: clientType, user_agent: command.userAgent, note: '',
        token_digest: secret.digest, masked: secret.masked, at: at.toISOString(), expires_at: expiresAt.toISOString(),
      },
    },
    initialTokenState(),
  );
  await deps.store.append([
    { streamId, expectedVersion: stream.version, events: userEvents },
    { streamId: `token-${tokenId}`, expectedVersion: 0, events: tokenEvents },
  ]);
  return {
    user: { id: user.user_id, username: user.username, email: user.email, first_name: user.first_name, last_name: user.last_name, roles: user.roles, active: user.active },
    token: { id: tokenId, token: secret.token, masked: secret.masked, client_type: clientType, created_at: at.toISOString(), expires_at: expiresAt.toISOString() },
  };
}
