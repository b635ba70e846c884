import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a presented secret is the expected one, in constant time: both are compared as digests of equal length,
 * so neither the content nor the length of the expected secret leaks through timing.
 */
export function secretsMatch(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
