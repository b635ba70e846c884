import { clientTypes, expiryFor, parsePolicy, tokenDecider, ValidationError, type ClientType } from '@tessera/domain';
import { IllegalStateError, NotFoundError, PermissionError } from '@tessera/domain';
import type { TokenServiceContext } from '../context.ts';
import { newId, newToken } from '../credentials/issue-secret.ts';
import { actingOn, actorOf, requireAdmin, type Caller } from '../auth/caller.ts';
import { decideAndAppend } from '../event-store/decide-and-append.ts';
import { activeTokensOf, findTokenById, listTokens, type TokenRow } from './token-queries.ts';
import { findUser } from '../users/user-queries.ts';

export interface IssueTokenCommand {
  userId: string;
  note: string;
  expiresInSeconds: number;
  policy: string;
  clientType: string;
}

/** A named token made by hand (the token management API), for the caller or, by an admin, for another user. */
export async function issueToken(ctx: TokenServiceContext, caller: Caller, command: IssueTokenCommand) {
  const userId = actingOn(caller, command.userId);
  const user = await findUser(ctx.pool, userId);
  if (!user) throw new NotFoundError('user_not_found', `No user ${userId}.`);
  // A token made while the user is deactivated would come alive on reactivation, which must revive nothing.
  if (!user.active) throw new IllegalStateError('user_inactive', 'This user is deactivated.');
  const clientType = (command.clientType || 'sdk') as ClientType;
  if (!clientTypes.includes(clientType)) throw new ValidationError('invalid_client_type', `client_type must be one of ${clientTypes.join(', ')}.`);
  if (clientType === 'worker' && !caller.isAdmin) throw new PermissionError('permission_denied', 'Only an admin issues worker tokens: they are for internal workers.');
  const at = ctx.now().toISOString();
  const expiresAt = expiryFor({ clientType, at, requestedSeconds: command.expiresInSeconds, settings: ctx.expiry });
  const policy = parsePolicy(command.policy);
  const tokenId = newId('token');
  const secret = newToken();
  await decideAndAppend(ctx.store, ({ decide }) =>
    decide(`token-${tokenId}`, tokenDecider, {
      type: 'IssueToken',
      data: {
        token_id: tokenId, user_id: userId, client_type: clientType, user_agent: '', note: command.note,
        token_digest: secret.digest, masked: secret.masked, policy, at, expires_at: expiresAt, actor: actorOf(caller),
      },
    }),
  );
  return { user, token: { id: tokenId, token: secret.token, masked: secret.masked, client_type: clientType, created_at: at, expires_at: expiresAt } };
}

/** Revokes one token with a reason (Djblets: valid=false, invalid_reason, invalid_date); refused everywhere at once. */
export async function revokeToken(ctx: TokenServiceContext, caller: Caller, tokenId: string, reason: string): Promise<TokenRow> {
  await tokenOf(ctx, caller, tokenId);
  const at = ctx.now().toISOString();
  await decideAndAppend(ctx.store, ({ decide }) => decide(`token-${tokenId}`, tokenDecider, { type: 'RevokeToken', data: { token_id: tokenId, reason, at, actor: actorOf(caller) } }));
  await ctx.invalidations.flush();
  return (await findTokenById(ctx.pool, tokenId))!;
}

/** Expires every active token of a user (optionally of one client type): "log out everywhere". */
export async function revokeAllTokens(ctx: TokenServiceContext, caller: Caller, userId: string, clientType: string): Promise<number> {
  const target = actingOn(caller, userId);
  const at = ctx.now().toISOString();
  const expired = await decideAndAppend(ctx.store, async ({ decide }) => {
    const active = await activeTokensOf(ctx.pool, target, clientType || undefined);
    for (const { tokenId } of active) {
      await decide(`token-${tokenId}`, tokenDecider, { type: 'ExpireToken', data: { token_id: tokenId, reason: 'logout_everywhere', at, actor: actorOf(caller) } });
    }
    return active.length;
  });
  await ctx.invalidations.flush();
  return expired;
}

/** A token the caller may see: its own, or any for an admin. Another user's token is "not found", not "forbidden". */
export async function tokenOf(ctx: TokenServiceContext, caller: Caller, tokenId: string): Promise<TokenRow> {
  const token = await findTokenById(ctx.pool, tokenId);
  if (!token || (token.user_id !== caller.userId && !caller.isAdmin)) throw new NotFoundError('token_not_found', 'No such token.');
  return token;
}

/** Tokens the caller may list: its own, another user's or every user's for an admin. Empty filters mean any. */
export async function tokensOf(
  ctx: TokenServiceContext,
  caller: Caller,
  filter: { userId: string; allUsers: boolean; clientType: string; includeInvalid: boolean },
): Promise<TokenRow[]> {
  if (filter.allUsers) requireAdmin(caller);
  const userId = filter.allUsers ? undefined : actingOn(caller, filter.userId);
  return listTokens(ctx.pool, { userId, clientType: filter.clientType || undefined, includeInvalid: filter.includeInvalid });
}
