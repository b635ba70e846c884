import { tokenDecider, tokensToExpireOnLogout } from '@tessera/domain';
import type { TokenServiceContext } from '../context.ts';
import { decideAndAppend, onStream } from '../event-store/decide-and-append.ts';
import { actorOf, type Caller } from '../grpc/caller.ts';
import { activeTokensOf } from '../tokens/token-queries.ts';

/**
 * QFieldCloud's logout: a multi-token client expires the token it used; a single-token client every active token of
 * its type; "everywhere" every token of the user. The tokens are refused on every instance before this returns.
 */
export async function logout(ctx: TokenServiceContext, caller: Caller, everywhere: boolean): Promise<number> {
  const at = ctx.now().toISOString();
  let expired: string[] = [];
  await decideAndAppend(ctx.store, async () => {
    const plan = tokensToExpireOnLogout({
      current: { tokenId: caller.tokenId, clientType: caller.clientType },
      everywhere,
      activeTokensOfUser: await activeTokensOf(ctx.pool, caller.userId),
    });
    expired = plan.tokenIds;
    return plan.tokenIds.map((id) =>
      onStream(`token-${id}`, tokenDecider).decide(() => ({ type: 'ExpireToken', data: { token_id: id, reason: plan.reason, at, actor: actorOf(caller) } })),
    );
  });
  await ctx.invalidations.flush();
  return expired.length;
}
