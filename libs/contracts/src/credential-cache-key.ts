import { createHash } from 'node:crypto';

/** A credential's SHA-256 digest: what is stored and cached in its place. */
export const digestOf = (credential: string): string => createHash('sha256').update(credential).digest('hex');

/**
 * The cache key of a credential, shared by every cache of Validate's answers (Redis and each instance's memory) and
 * by the invalidations that empty them. Derived from the digest: a credential itself is never a key.
 */
export function credentialCacheKey(credential: { kind: 'token'; digest: string } | { kind: 'api_key'; apiKey: string; digest: string }): string {
  return credential.kind === 'token' ? `token:${credential.digest}` : `apikey:${credential.apiKey}:${credential.digest}`;
}
