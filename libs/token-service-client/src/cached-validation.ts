import type { CredentialUses, ValidateResponse__Output } from '@tessera/contracts';
import { credentialCacheKey, digestOf } from '@tessera/contracts';
import { verdictFor } from '@tessera/domain';
import type { LocalCache } from '@tessera/redis';
import type { CheckedCredential, EndClient, TokenServiceClient } from './token-service.client.ts';

export type CachedValidation = Pick<TokenServiceClient, 'validate'> & {
  /** Reports the uses counted so far, and stops reporting. */
  stop(): Promise<void>;
};

const maxTrackedCredentials = 100_000;
// Each report stays well inside the token service's message limit (256 KiB) and its schema's 10,000 items.
const maxUsesPerReport = 1_000;
const maxBytesPerReport = 128 * 1024;

/** Uses in reports of bounded size: a User-Agent may be up to a kilobyte. */
function chunked<T extends { client?: { user_agent?: string } | null }>(uses: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let bytes = 0;
  for (const use of uses) {
    const size = 200 + Buffer.byteLength(use.client?.user_agent ?? '');
    const last = chunks.at(-1);
    if (!last || last.length >= maxUsesPerReport || bytes + size > maxBytesPerReport) {
      chunks.push([use]);
      bytes = size;
    } else {
      last.push(use);
      bytes += size;
    }
  }
  return chunks;
}

/**
 * Validate through this instance's memory: a valid credential's answer is kept (for at most the cache's age, and
 * never past the credential's expiry) until an acknowledged invalidation removes it, so revocation still holds
 * before the revoking call returns (ADR 8). Every use answered from memory is reported to the token service every
 * `reportEveryMs`, so it reaches `last_used_at` as a use that Validate answered would.
 */
export function cachedValidation(
  tokenService: TokenServiceClient,
  cache: LocalCache<ValidateResponse__Output>,
  options: { reportEveryMs: number; onReportFailed: (error: unknown) => void; now?: () => number },
): CachedValidation {
  const now = options.now ?? Date.now;
  // Times as numbers until a report: a date string per request cost more than the rest of the counting.
  type Uses = Omit<CredentialUses, 'first_used_at' | 'last_used_at' | 'token_id'> & { token_id: string; first: number; last: number };
  let uses = new Map<string, Uses>();

  const count = (credential: CheckedCredential, verdict: ValidateResponse__Output, client: EndClient) => {
    const token = verdict.token!;
    const at = now();
    const seen = uses.get(token.id);
    if (seen) {
      seen.count = (seen.count ?? 0) + 1;
      seen.last = at;
      seen.client = { user_agent: client.userAgent, ip: client.ip };
    } else if (uses.size < maxTrackedCredentials) {
      const kind = 'token' in credential ? 'token' : 'api_key';
      uses.set(token.id, {
        credential: kind, token_id: token.id, user_id: verdict.user!.id, client_type: token.client_type, count: 1,
        first: at, last: at, client: { user_agent: client.userAgent, ip: client.ip },
      });
    }
  };

  // Put back what could not be reported, added to what was counted meanwhile.
  const requeue = (batch: Iterable<Uses>) => {
    for (const use of batch) {
      const seen = uses.get(use.token_id);
      if (seen) {
        seen.count = (seen.count ?? 0) + (use.count ?? 0);
        seen.first = Math.min(seen.first, use.first);
      } else if (uses.size < maxTrackedCredentials) uses.set(use.token_id, use);
    }
  };

  const report = async () => {
    if (uses.size === 0) return;
    const batch = [...uses.values()];
    uses = new Map();
    const iso = (ms: number) => new Date(ms).toISOString();
    for (const [index, chunk] of chunked(batch).entries()) {
      try {
        await tokenService.recordUses(chunk.map(({ first, last, ...use }) => ({ ...use, first_used_at: iso(first), last_used_at: iso(last) })));
      } catch (error) {
        options.onReportFailed(error);
        requeue(chunked(batch).slice(index).flat());
        return;
      }
    }
  };
  let reporting = Promise.resolve();
  const timer = setInterval(() => {
    reporting = reporting.then(report);
  }, options.reportEveryMs);

  return {
    async validate(credential, client) {
      const key = cacheKeyOf(credential);
      const cached = cache.get(key);
      if (cached && !expired(cached, now())) {
        count(credential, cached, client);
        return cached;
      }
      const generation = cache.generation();
      const verdict = await tokenService.validate(credential, client);
      if (verdict.valid && verdict.token) {
        const left = verdict.token.expires_at ? Date.parse(verdict.token.expires_at) - now() : Number.POSITIVE_INFINITY;
        cache.set(key, verdict, left, generation);
      }
      return verdict;
    },
    async stop() {
      clearInterval(timer);
      await (reporting = reporting.then(report));
    },
  };
}

/** The key under which the token service's caches keep a credential's facts, and its invalidations name it. */
export const cacheKeyOf = (credential: CheckedCredential) =>
  'token' in credential
    ? credentialCacheKey({ kind: 'token', digest: digestOf(credential.token) })
    : credentialCacheKey({ kind: 'api_key', apiKey: credential.apiKey, digest: digestOf(credential.secret) });

/** A kept answer is of a valid credential: only its expiry can have changed it since, which the domain decides. */
const expired = (verdict: ValidateResponse__Output, at: number) =>
  verdictFor({ userActive: true, revoked: false, expiresAt: verdict.token?.expires_at || null }, new Date(at)) === 'EXPIRED';
