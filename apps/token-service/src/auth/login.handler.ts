import { randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  clientTypeFromUserAgent,
  expiryFor,
  tokenDecider,
  tokensToExpireOnLogin,
  tooManyFailedLogins,
  unknownLoginDecider,
  userDecider,
  userForLogin,
  type UserRegistration,
} from '@tessera/domain';
import { newId, newToken } from '../credentials/issue-secret.ts';
import type { TokenServiceContext } from '../context.ts';
import { decideAndAppend } from '../event-store/decide-and-append.ts';
import { activeTokensOf } from '../tokens/token-queries.ts';
import { userAccount } from './login-throttle.ts';

export interface LoginCommand {
  login: string;
  password: string;
  userAgent: string;
  ip: string;
  /** Given by the gateway for a session's sign-in; otherwise the user agent tells. */
  clientType?: 'browser' | undefined;
}

type UserRow = Omit<UserRegistration, 'registered_at'> & { active: boolean };

const refused = () => new AuthenticationError('authentication_failed', 'Unable to log in with provided credentials.');
const locked = () => new AuthenticationError(tooManyFailedLogins.code, tooManyFailedLogins.message);

/**
 * Login by username (any case) or email. Every refusal looks and takes the same: a wrong password, an unknown or an
 * inactive user. A single-token client type's login expires the user's other active tokens of that type.
 *
 * Failures are counted against the account (ADR 5): a locked account is refused without a password check; an attempt
 * that was being checked when the lock fell is refused as locked and records nothing, whether its password was right
 * or wrong, so its answer and its cost tell nothing. A name that resolves to no user is counted as an account of its
 * own, so it locks like a real one.
 */
export async function login(ctx: TokenServiceContext, command: LoginCommand) {
  const { rows } = await ctx.pool.query<UserRow>(
    `select user_id, username, email, first_name, last_name, roles, active, password_hash from users
     where lower(username) = lower($1) or lower(email) = lower($1)`,
    [command.login],
  );
  const user = userForLogin(rows, command.login);
  const subject = { account: user ? userAccount(user.user_id) : `name:${command.login.toLowerCase()}`, address: command.ip };
  if (await ctx.loginThrottle.locked(subject)) throw locked();
  const passwordMatches = await ctx.passwords.verify(user?.password_hash ?? ctx.passwords.decoy, command.password);
  const at = ctx.now();
  const clientType = command.clientType ?? clientTypeFromUserAgent(command.userAgent);
  // Settled before anything is recorded: what the throttle says decides what the attempt may still learn.
  const failure = passwordMatches && user?.active ? undefined : await ctx.loginThrottle.failed(subject);
  if (failure === 'locked') throw locked();
  if (failure === undefined && !(await ctx.loginThrottle.succeeded(subject))) throw locked();
  const refusal = failure === 'reached' ? locked : refused;
  if (!user) {
    // Recorded like a known user's failure, so the refusal costs the same work either way.
    const attempt = { client_type: clientType, user_agent: command.userAgent, ip: command.ip, at: at.toISOString() };
    await decideAndAppend(ctx.store, ({ decide }) => decide(`unknown-login-${randomUUID()}`, unknownLoginDecider, { type: 'RecordUnknownLogin', data: attempt }));
    throw refusal();
  }

  const tokenId = newId('token');
  const secret = newToken();
  const expiresAt = expiryFor({ clientType, at: at.toISOString(), settings: ctx.expiry });
  const attempt = { user_id: user.user_id, client_type: clientType, user_agent: command.userAgent, ip: command.ip, at: at.toISOString() };

  // One append: the login's record, its token and the tokens it supersedes commit together or not at all. Two logins
  // of one user conflict on the user's stream, so the second one decides again, superseding the first one's token.
  const succeeded = await decideAndAppend(ctx.store, async ({ decide }) => {
    const recorded = await decide(`user-${user.user_id}`, userDecider, { type: 'RecordLogin', data: { ...attempt, password_matches: passwordMatches, token_id: tokenId } });
    // The user's stream decides, not the row read above: a user deactivated meanwhile is refused here.
    if (!recorded.some((event) => event.type === 'LoginSucceeded')) return false;
    await decide(`token-${tokenId}`, tokenDecider, {
      type: 'IssueToken',
      data: {
        token_id: tokenId, user_id: user.user_id, client_type: clientType, user_agent: command.userAgent, note: '',
        token_digest: secret.digest, masked: secret.masked, policy: null, at: at.toISOString(), expires_at: expiresAt,
      },
    });
    // Only a login that succeeds looks at the user's tokens: a refusal costs what an unknown name costs.
    for (const id of tokensToExpireOnLogin(clientType, await activeTokensOf(ctx.pool, user.user_id, clientType))) {
      await decide(`token-${id}`, tokenDecider, { type: 'ExpireToken', data: { token_id: id, reason: 'superseded', at: at.toISOString() } });
    }
    return true;
  });
  if (!succeeded) throw refusal();
  await ctx.invalidations.flush();

  return {
    user: { id: user.user_id, username: user.username, email: user.email, first_name: user.first_name, last_name: user.last_name, roles: user.roles, active: user.active },
    token: { id: tokenId, token: secret.token, masked: secret.masked, client_type: clientType, created_at: at.toISOString(), expires_at: expiresAt },
  };
}
