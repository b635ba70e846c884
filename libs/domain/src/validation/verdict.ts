/** What a credential's lookup found, at the moment of validation. */
export interface CredentialFacts {
  userActive: boolean;
  /** RFC 3339; API keys do not expire. */
  expiresAt: string | null;
  revoked: boolean;
}

export type VerdictCode = 'VALID' | 'NOT_FOUND' | 'MALFORMED' | 'EXPIRED' | 'REVOKED' | 'USER_INACTIVE';

/**
 * The verdict on a credential that parsed and was looked up (Unkey's shape: data, not an error). It is decided at
 * read time from facts, never cached as a verdict, so a cached credential expires at exactly its expiry. An inactive
 * user outranks every other reason: QFieldCloud answers 401 for an inactive user "even with valid tokens".
 */
export function verdictFor(facts: CredentialFacts | undefined, now: Date): VerdictCode {
  if (!facts) return 'NOT_FOUND';
  if (!facts.userActive) return 'USER_INACTIVE';
  if (facts.revoked) return 'REVOKED';
  if (facts.expiresAt !== null && Date.parse(facts.expiresAt) <= now.getTime()) return 'EXPIRED';
  return 'VALID';
}

/**
 * QFieldCloud's words for a credential that was refused: expired is told apart from invalid, and from an inactive
 * user; everything else (not found, malformed, revoked) is "Invalid token.", which tells nothing more.
 */
export function refusalMessage(code: VerdictCode | string): string {
  if (code === 'EXPIRED') return 'Token has expired.';
  if (code === 'USER_INACTIVE') return 'User inactive or deleted.';
  return 'Invalid token.';
}
