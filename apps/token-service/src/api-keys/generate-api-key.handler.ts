import { apiKeyDecider, apiKeyIdRandomBytes, formatApiKeyId } from '@tessera/domain';
import { randomBytes } from 'node:crypto';
import type { TokenServiceContext } from '../context.ts';
import { actorOf, type Caller } from '../auth/caller.ts';
import { newToken } from '../credentials/issue-secret.ts';
import { decideAndAppend } from '../event-store/decide-and-append.ts';
import { findUser } from '../users/user-queries.ts';

/**
 * Frappe's generate_keys, admin only: the user's key is made once and never changes; every call issues a new
 * secret, and the previous one is refused on every instance before this returns. Another admin's only when the
 * deployment allows it (ADMIN_KEYS_FOR_OTHER_ADMINS).
 */
export async function generateApiKey(ctx: TokenServiceContext, caller: Caller, userId: string) {
  // The decider refuses a caller who is not an admin whatever the user; it is not worth a lookup.
  const user = caller.isAdmin ? await findUser(ctx.pool, userId) : undefined;
  const secret = newToken();
  const [generated] = await decideAndAppend(ctx.store, ({ decide }) =>
    decide(`apikey-${userId}`, apiKeyDecider, {
      type: 'GenerateApiKey',
      data: {
        user_id: userId,
        actor: actorOf(caller),
        requested_by_admin: caller.isAdmin,
        user: user ? { is_admin: user.roles.includes('admin') } : null,
        admins_may_key_other_admins: ctx.adminsMayKeyOtherAdmins,
        new_api_key: formatApiKeyId(randomBytes(apiKeyIdRandomBytes)),
        secret_digest: secret.digest,
        masked_secret: secret.masked,
        at: ctx.now().toISOString(),
      },
    }),
  );
  await ctx.invalidations.flush();
  // The decider answers every generation with exactly one event, which names the key.
  return { api_key: generated!.data.api_key, api_secret: secret.token, user_id: userId };
}
