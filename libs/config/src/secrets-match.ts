import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A check of presented secrets against the expected one, in constant time: both are compared as digests of equal
 * length, so neither the content nor the length of the expected secret leaks through timing. The expected
 * secret's digest is taken once, since the check runs on every call.
 */
export function secretCheck(expected: string): (presented: unknown) => boolean {
  const expectedDigest = digest(expected);
  return (presented) => typeof presented === 'string' && timingSafeEqual(digest(presented), expectedDigest);
}
