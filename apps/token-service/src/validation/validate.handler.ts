import { isApiKeyId, parseToken, verdictFor, type VerdictCode } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';
import { digestOf } from '../credentials/issue-secret.ts';
import { findApiKey, findToken, type CredentialRecord } from './credential-lookup.ts';
import type { UsageRecorder } from './usage-recorder.ts';
import type { VerdictCache } from './verdict-cache.ts';

export interface ValidateDependencies {
  pool: Pool;
  cache: VerdictCache<CredentialRecord>;
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
 * The hot path. A malformed credential is refused without any I/O; otherwise the facts come from Redis, or from
 * PostgreSQL (read only) when Redis misses or is away. Successful checks are counted, never written.
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
  let record = await deps.cache.get(located.cacheKey);
  if (record === undefined) {
    record = (await located.lookup(deps.pool)) ?? null;
    await deps.cache.set(located.cacheKey, record, record ? secondsLeft(record, now) : deps.notFoundTtlSeconds);
  }
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

/** The cache key of a credential is derived from its digest: the credential itself never reaches Redis. */
export function cacheKeyOf(credential: CredentialRecord['credential'], id: string, digest: string): string {
  return credential === 'token' ? `token:${digest}` : `apikey:${id}:${digest}`;
}

function locate(credential: Credential) {
  if (credential.kind === 'token') {
    if (!parseToken(credential.token).ok) return undefined;
    const digest = digestOf(credential.token);
    return { cacheKey: cacheKeyOf('token', '', digest), lookup: (pool: Pool) => findToken(pool, digest) };
  }
  if (!isApiKeyId(credential.apiKey) || !parseToken(credential.secret).ok) return undefined;
  const digest = digestOf(credential.secret);
  return { cacheKey: cacheKeyOf('api_key', credential.apiKey, digest), lookup: (pool: Pool) => findApiKey(pool, credential.apiKey, digest) };
}

/** A valid credential is cached no longer than it lives; a refused one does not change back, so it may stay longer. */
function secondsLeft(record: CredentialRecord, now: Date): number {
  if (record.token.expires_at === null || !record.token.valid || !record.user.active) return Number.POSITIVE_INFINITY;
  return (Date.parse(record.token.expires_at) - now.getTime()) / 1000;
}
