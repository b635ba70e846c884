import { isBase62, toBase62, toBase62Number } from '../shared/base62.ts';
import { crc32 } from '../shared/crc32.ts';

/**
 * The format of every token and API secret (Djblets' vendor checksum, GitHub's token scheme): a vendor prefix,
 * 256 bits of randomness in base62, and a 6-character base62 CRC-32 of the rest. Secret scanners recognise the
 * prefix, and a mistyped or truncated credential is refused by its checksum without a lookup.
 */
export const tokenPrefix = 'tst_';
export const randomBytesPerToken = 32;
const bodyLength = 43; // 62^43 > 2^256: every 32-byte value fits.
const checksumLength = 6; // 62^6 > 2^32.
export const tokenLength = tokenPrefix.length + bodyLength + checksumLength;

const checksumOf = (prefixAndBody: string) => toBase62Number(BigInt(crc32(prefixAndBody)), checksumLength);

export function formatToken(random: Uint8Array): string {
  if (random.length !== randomBytesPerToken) throw new RangeError(`a token needs ${randomBytesPerToken} random bytes`);
  const prefixAndBody = tokenPrefix + toBase62(random, bodyLength);
  return prefixAndBody + checksumOf(prefixAndBody);
}

export type TokenParse = { ok: true; token: string } | { ok: false; reason: 'length' | 'prefix' | 'alphabet' | 'checksum' };

export function parseToken(candidate: string): TokenParse {
  if (candidate.length !== tokenLength) return { ok: false, reason: 'length' };
  if (!candidate.startsWith(tokenPrefix)) return { ok: false, reason: 'prefix' };
  const prefixAndBody = candidate.slice(0, -checksumLength);
  if (!isBase62(candidate.slice(tokenPrefix.length))) return { ok: false, reason: 'alphabet' };
  if (checksumOf(prefixAndBody) !== candidate.slice(-checksumLength)) return { ok: false, reason: 'checksum' };
  return { ok: true, token: candidate };
}

/** The only form in which a credential may be shown after issue, or logged: `tst_ab12***`. */
export function maskToken(token: string): string {
  return `${token.slice(0, tokenPrefix.length + 4)}***`;
}
