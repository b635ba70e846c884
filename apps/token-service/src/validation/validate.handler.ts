import { credentialCacheKey, digestOf } from '@tessera/contracts';
import { isApiKeyId, parseToken, verdictFor, type VerdictCode } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';
import type { LocalCache } from '@tessera/redis';
import { findApiKey, findToken, type CredentialRecord } from './credential-lookup.ts';
import type { UsageRecorder } from './usage-recorder.ts';
import type { VerdictCache } from './verdict-cache.ts';

export interface ValidateDependencies {
  pool: Pool;
  cache: VerdictCache<CredentialRecord>;
  /** This instance's memory of found credentials, in front of `cache`. */
  local: LocalCache<CredentialRecord>;
  usage: UsageRecorder;
  now: () => Date;
  /** How long a credential that was not found stays cached: long enough to absorb guessing, short enough to forget. */
  notFoundTtlSeconds: number;
}

export type Credential = { kind: 'token'; token: string } | { kind: 'api_key'; apiKey: string; secret: string };

export interface Verdict {
  code: VerdictCode;
  record?: CredentialRecord;
}

/**
 * The hot path. A malformed credential is refused without any I/O; otherwise the facts come from this instance's
 * memory, then Redis, then PostgreSQL (read only). Successful checks are counted, never written.
 */
export async function validate(
  deps: ValidateDependencies,
  credential: Credential,
  client: { ip: string; userAgent: string },
  options: { countUse: boolean } = { countUse: true },
): Promise<Verdict> {
  const located = locate(credential);
  if (!located) return { code: 'MALFORMED' };

  const now = deps.now();
  const record = deps.local.get(located.cacheKey) ?? (await lookUp(deps, located, now));
  if (record === null) return { code: 'NOT_FOUND' };

  const code = verdictFor({ userActive: record.user.active, revoked: !record.token.valid, expiresAt: record.token.expires_at }, now);
  if (code === 'VALID' && options.countUse) {
    deps.usage.record({
      credential: record.credential,
      tokenId: record.token.id,
      userId: record.user.id,
      clientType: record.token.client_type,
      ip: client.ip,
      userAgent: client.userAgent,
      at: now,
    });
  }
  return { code, record };
}

type Located = NonNullable<ReturnType<typeof locate>>;

/** From Redis, or PostgreSQL when Redis misses or is away; a found credential is kept in memory too. */
async function lookUp(deps: ValidateDependencies, located: Located, now: Date): Promise<CredentialRecord | null> {
  const generation = deps.local.generation();
  let record = await deps.cache.get(located.cacheKey);
  if (record === undefined) {
    record = (await located.lookup(deps.pool)) ?? null;
    await deps.cache.set(located.cacheKey, record, record ? secondsLeft(record, now) : deps.notFoundTtlSeconds);
  }
  if (record) deps.local.set(located.cacheKey, record, secondsLeft(record, now) * 1000, generation);
  return record;
}

function locate(credential: Credential) {
  if (credential.kind === 'token') {
    if (!parseToken(credential.token).ok) return undefined;
    const digest = digestOf(credential.token);
    return { cacheKey: credentialCacheKey({ kind: 'token', digest }), lookup: (pool: Pool) => findToken(pool, digest) };
  }
  if (!isApiKeyId(credential.apiKey) || !parseToken(credential.secret).ok) return undefined;
  const digest = digestOf(credential.secret);
  const cacheKey = credentialCacheKey({ kind: 'api_key', apiKey: credential.apiKey, digest });
  return { cacheKey, lookup: (pool: Pool) => findApiKey(pool, credential.apiKey, digest) };
}

/** A valid credential is cached no longer than it lives; a refused one does not change back, so it may stay longer. */
function secondsLeft(record: CredentialRecord, now: Date): number {
  if (record.token.expires_at === null || !record.token.valid || !record.user.active) return Number.POSITIVE_INFINITY;
  return (Date.parse(record.token.expires_at) - now.getTime()) / 1000;
}
