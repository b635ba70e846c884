import { apiKeyDecider, apiKeyIdRandomBytes, formatApiKeyId, NotFoundError } from '@tessera/domain';
import { randomBytes } from 'node:crypto';
import type { TokenServiceContext } from '../context.ts';
import { newToken } from '../credentials/issue-secret.ts';
import { decideAndAppend, onStream } from '../event-store/decide-and-append.ts';
import { actorOf, requireAdmin, type Caller } from '../grpc/caller.ts';
import { findUser } from '../users/user-queries.ts';

/**
 * Frappe's generate_keys, admin only: the user's key is made once and never changes; every call issues a new
 * secret, and the previous one is refused on every instance before this returns. Another admin's only when the
 * deployment allows it (ADMIN_KEYS_FOR_OTHER_ADMINS).
 */
export async function generateApiKey(ctx: TokenServiceContext, caller: Caller, userId: string) {
  requireAdmin(caller); // before any lookup, so a non-admin learns nothing of which users exist
  const user = await findUser(ctx.pool, userId);
  if (!user) throw new NotFoundError('user_not_found', 'No such user.');
  const secret = newToken();
  const decided = await decideAndAppend(ctx.store, [
    onStream(`apikey-${userId}`, apiKeyDecider).decide(() => ({
      type: 'GenerateApiKey',
      data: {
        user_id: userId,
        actor: actorOf(caller),
        requested_by_admin: caller.isAdmin,
        user_is_admin: user.roles.includes('admin'),
        admins_may_key_other_admins: ctx.adminsMayKeyOtherAdmins,
        new_api_key: formatApiKeyId(randomBytes(apiKeyIdRandomBytes)),
        secret_digest: secret.digest,
        masked_secret: secret.masked,
        at: ctx.now().toISOString(),
      },
    })),
  ]);
  await ctx.invalidations.flush();
  const apiKey = String((decided[0]?.data as { api_key: string }).api_key);
  return { api_key: apiKey, api_secret: secret.token, user_id: userId };
}
