import { PermissionError, tokenDecider, tokensToExpireOnLogout } from '@tessera/domain';
import type { TokenServiceContext } from '../context.ts';
import { decideAndAppend } from '../event-store/decide-and-append.ts';
import { activeTokensOf } from '../tokens/token-queries.ts';
import { actorOf, type Caller } from './caller.ts';

/**
 * QFieldCloud's logout: a multi-token client expires the token it used; a single-token client every active token of
 * its type; "everywhere" every token of the user. The tokens are refused on every instance before this returns.
 */
export async function logout(ctx: TokenServiceContext, caller: Caller, everywhere: boolean): Promise<number> {
  if (caller.credential === 'api_key') throw new PermissionError('permission_denied', 'An API key cannot log out; generate a new secret to retire the old one.');
  if (everywhere && caller.restricted) {
    throw new PermissionError('permission_denied', 'A token with a policy cannot log its user out everywhere; use an unrestricted token.');
  }
  const at = ctx.now().toISOString();
  const expired = await decideAndAppend(ctx.store, async ({ decide }) => {
    const plan = tokensToExpireOnLogout({
      current: { tokenId: caller.tokenId, clientType: caller.clientType },
      everywhere,
      activeTokensOfUser: await activeTokensOf(ctx.pool, caller.userId),
    });
    for (const id of plan.tokenIds) await decide(`token-${id}`, tokenDecider, { type: 'ExpireToken', data: { token_id: id, reason: plan.reason, at, actor: actorOf(caller) } });
    return plan.tokenIds.length;
  });
  await ctx.invalidations.flush();
  return expired;
}
