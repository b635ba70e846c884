import { NotFoundError, userDecider } from '@tessera/domain';
import type { LoginLockout } from '@tessera/contracts';
import type { TokenServiceContext } from '../context.ts';
import { actorOf, requireAdmin, type Caller } from '../auth/caller.ts';
import { userAccount, type Lockout } from '../auth/login-throttle.ts';
import { decideAndAppend } from '../event-store/decide-and-append.ts';
import { findUserByName, type UserProfile } from './user-queries.ts';

/** What the failed logins counted against a user (ADR 5) do to it now. */
export async function getLoginLockout(ctx: TokenServiceContext, caller: Caller, login: string): Promise<LoginLockout> {
  const user = await userNamed(ctx, caller, login);
  return lockoutMessage(user, await ctx.loginThrottle.lockout(userAccount(user.id)), ctx.now());
}

/**
 * Forgets the failed logins counted against a user, so it may sign in at once, and answers what they were. Recorded
 * before the counts go: a lift the audit log does not show must never happen, while one recorded but not done (Redis
 * failing in between) is only asked again. Failures counted between the two are forgiven too.
 */
export async function liftLoginLockout(ctx: TokenServiceContext, caller: Caller, login: string): Promise<LoginLockout> {
  const user = await userNamed(ctx, caller, login);
  const account = userAccount(user.id);
  const lockout = await ctx.loginThrottle.lockout(account);
  const at = ctx.now();
  const lifted = await decideAndAppend(ctx.store, ({ decide }) =>
    decide(`user-${user.id}`, userDecider, { type: 'LiftLoginLockout', data: { user_id: user.id, failures: lockout.failures, at: at.toISOString(), actor: actorOf(caller) } }),
  );
  if (lifted.length > 0) await ctx.loginThrottle.lift(account);
  return lockoutMessage(user, lockout, at);
}

async function userNamed(ctx: TokenServiceContext, caller: Caller, login: string): Promise<UserProfile> {
  requireAdmin(caller);
  // Only users: a name of nobody locks only itself, and nobody can sign in with it.
  const user = await findUserByName(ctx.pool, login);
  if (!user) throw new NotFoundError('user_not_found', 'No such user.');
  return user;
}

const lockoutMessage = (user: UserProfile, lockout: Lockout, now: Date): LoginLockout => ({
  user_id: user.id,
  failures: lockout.failures,
  locked_everywhere: lockout.lockedEverywhere,
  locked_addresses: lockout.lockedAddresses,
  locked_until: lockout.lockedForMs > 0 ? new Date(now.getTime() + lockout.lockedForMs).toISOString() : '',
});
