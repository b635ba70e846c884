import {
  AuthenticationError, IllegalStateError, NotFoundError, tokenDecider, tokensToRevokeOnDeactivation, tokensToRevokeOnPasswordChange, userDecider,
} from '@tessera/domain';
import type { TokenServiceContext } from '../context.ts';
import { newId } from '../credentials/issue-secret.ts';
import { actingOn, actorOf, requireAdmin, type Caller } from '../auth/caller.ts';
import { decideAndAppend } from '../event-store/decide-and-append.ts';
import { isUniqueViolation } from '../event-store/postgres-event-store.ts';
import { activeTokensOf } from '../tokens/token-queries.ts';
import { changingAdmins } from './admin-roster.ts';
import { findUser, findUserByName, usernameOrEmailTaken, type UserProfile } from './user-queries.ts';

export interface CreateUserCommand {
  username: string;
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  roles: string[];
}

export async function createUser(ctx: TokenServiceContext, caller: Caller, command: CreateUserCommand): Promise<UserProfile> {
  requireAdmin(caller);
  const taken = await usernameOrEmailTaken(ctx.pool, command.username, command.email);
  if (taken) throw new IllegalStateError(`${taken}_taken`, `A user with this ${taken} already exists.`);
  const userId = newId('user');
  const { password, ...profile } = command;
  const password_hash = await ctx.passwords.hash(password);
  const roles = profile.roles.length > 0 ? profile.roles : ['user'];
  try {
    await decideAndAppend(ctx.store, ({ decide }) =>
      decide(`user-${userId}`, userDecider, {
        type: 'RegisterUser',
        data: { ...profile, roles, user_id: userId, password_hash, at: ctx.now().toISOString(), actor: actorOf(caller) },
      }),
    );
  } catch (error) {
    // The check above and a concurrent registration can both pass; the projection's unique indexes decide.
    for (const field of ['username', 'email'] as const) {
      if (isUniqueViolation(error, `users_${field}_key`)) throw new IllegalStateError(`${field}_taken`, `A user with this ${field} already exists.`);
    }
    throw error;
  }
  return (await findUser(ctx.pool, userId))!;
}

export async function getUser(ctx: TokenServiceContext, caller: Caller, by: { userId: string; login: string }): Promise<UserProfile> {
  // Only an admin may look others up by name: anyone else would learn which names exist.
  if (by.login !== '' && by.login.toLowerCase() !== caller.username.toLowerCase()) requireAdmin(caller);
  const user = by.login !== '' ? await findUserByName(ctx.pool, by.login) : await findUser(ctx.pool, actingOn(caller, by.userId));
  if (!user) throw new NotFoundError('user_not_found', 'No such user.');
  return user;
}

/**
 * Deactivation revokes every active token of the user in the same transaction, so its sessions end for good, and
 * refuses its API key (USER_INACTIVE) while it lasts; the last active admin and the caller itself are refused (the
 * user decider says why), counted under the admin roster's lock so two admins cannot deactivate each other at once.
 * Reactivation revives no token: the user signs in again. Either way, cached verdicts go before the call returns.
 */
export async function setUserActive(ctx: TokenServiceContext, caller: Caller, userId: string, active: boolean, reason = ''): Promise<UserProfile> {
  requireAdmin(caller);
  const at = ctx.now().toISOString();
  const actor = actorOf(caller);
  if (active) {
    await decideAndAppend(ctx.store, ({ decide }) => decide(`user-${userId}`, userDecider, { type: 'ReactivateUser', data: { user_id: userId, at, actor } }));
  } else {
    await changingAdmins(ctx.pool, (activeAdmins) =>
      decideAndAppend(ctx.store, async ({ decide }) => {
        const plan = tokensToRevokeOnDeactivation(await activeTokensOf(ctx.pool, userId));
        await decide(`user-${userId}`, userDecider, { type: 'DeactivateUser', data: { user_id: userId, reason, at, actor, active_admins: await activeAdmins() } });
        for (const id of plan.tokenIds) await decide(`token-${id}`, tokenDecider, { type: 'RevokeToken', data: { token_id: id, reason: plan.reason, at, actor } });
      }),
    );
  }
  await ctx.invalidations.flush();
  return (await findUser(ctx.pool, userId))!;
}

/** A new password revokes every active token of the user, in the same transaction. */
export async function changePassword(
  ctx: TokenServiceContext,
  caller: Caller,
  command: { userId: string; currentPassword: string; newPassword: string },
): Promise<number> {
  const userId = actingOn(caller, command.userId);
  // Your own password only with your current one, admin or not: a stolen token alone must not take the account over.
  if (userId === caller.userId) await verifyCurrentPassword(ctx, userId, command.currentPassword);
  const password_hash = await ctx.passwords.hash(command.newPassword);
  const at = ctx.now().toISOString();
  const actor = actorOf(caller);
  const revoked = await decideAndAppend(ctx.store, async ({ decide }) => {
    const plan = tokensToRevokeOnPasswordChange(await activeTokensOf(ctx.pool, userId));
    await decide(`user-${userId}`, userDecider, { type: 'ChangePassword', data: { user_id: userId, password_hash, at, actor } });
    for (const id of plan.tokenIds) await decide(`token-${id}`, tokenDecider, { type: 'RevokeToken', data: { token_id: id, reason: plan.reason, at, actor } });
    return plan.tokenIds.length;
  });
  await ctx.invalidations.flush();
  return revoked;
}

async function verifyCurrentPassword(ctx: TokenServiceContext, userId: string, password: string): Promise<void> {
  const { rows } = await ctx.pool.query<{ password_hash: string }>('select password_hash from users where user_id = $1', [userId]);
  if (!(await ctx.passwords.verify(rows[0]?.password_hash ?? ctx.passwords.decoy, password))) {
    throw new AuthenticationError('authentication_failed', 'The current password is not correct.');
  }
}
