import { apiKeyDecider, NotFoundError } from '@tessera/domain';
import { randomBytes } from 'node:crypto';
import type { TokenServiceContext } from '../context.ts';
import { newToken } from '../credentials/issue-secret.ts';
import { decideAndAppend, onStream } from '../event-store/decide-and-append.ts';
import type { Caller } from '../grpc/caller.ts';
import { findUser } from '../users/user-queries.ts';
import { cacheKeyOf } from '../validation/validate.handler.ts';

/**
 * Frappe's generate_keys, admin only: the user's key is made once and never changes; every call issues a new
 * secret, and the previous one is refused on every instance before this returns.
 */
export async function generateApiKey(ctx: TokenServiceContext, caller: Caller, userId: string) {
  if (!(await findUser(ctx.pool, userId))) throw new NotFoundError('user_not_found', 'No such user.');
  const { rows } = await ctx.pool.query<{ api_key: string; secret_digest: string }>('select api_key, secret_digest from api_keys where user_id = $1', [userId]);
  const previous = rows[0];
  const secret = newToken();
  const decided = await decideAndAppend(ctx.store, [
    onStream(`apikey-${userId}`, apiKeyDecider).decide(() => ({
      type: 'GenerateApiKey',
      data: {
        user_id: userId,
        requested_by_admin: caller.isAdmin,
        new_api_key: `key_${randomBytes(16).toString('base64url')}`,
        secret_digest: secret.digest,
        masked_secret: secret.masked,
        at: ctx.now().toISOString(),
      },
    })),
  ]);
  if (previous) await ctx.cache.forget([cacheKeyOf('api_key', previous.api_key, previous.secret_digest)]);
  const apiKey = String((decided[0]?.data as { api_key: string }).api_key);
  return { api_key: apiKey, api_secret: secret.token, user_id: userId };
}
