import { apiKeyDecider, apiKeyIdRandomBytes, formatApiKeyId, NotFoundError } from '@tessera/domain';
import { randomBytes } from 'node:crypto';
import type { TokenServiceContext } from '../context.ts';
import { newToken } from '../credentials/issue-secret.ts';
import { decideAndAppend, onStream } from '../event-store/decide-and-append.ts';
import { requireAdmin, type Caller } from '../grpc/caller.ts';
import { findUser } from '../users/user-queries.ts';

/**
 * Frappe's generate_keys, admin only: the user's key is made once and never changes; every call issues a new
 * secret, and the previous one is refused on every instance before this returns.
 */
export async function generateApiKey(ctx: TokenServiceContext, caller: Caller, userId: string) {
  requireAdmin(caller); // before any lookup, so a non-admin learns nothing of which users exist
  if (!(await findUser(ctx.pool, userId))) throw new NotFoundError('user_not_found', 'No such user.');
  const secret = newToken();
  const decided = await decideAndAppend(ctx.store, [
    onStream(`apikey-${userId}`, apiKeyDecider).decide(() => ({
      type: 'GenerateApiKey',
      data: {
        user_id: userId,
        requested_by_admin: caller.isAdmin,
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
