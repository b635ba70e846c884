import { randomBytes } from 'node:crypto';
import { digestOf } from '@tessera/contracts';
import { formatToken, idPrefixes, maskToken, randomBytesPerToken } from '@tessera/domain';

/** A new token: shown once to the caller, stored only as its SHA-256 digest, logged only masked. */
export function newToken(): { token: string; digest: string; masked: string } {
  const token = formatToken(randomBytes(randomBytesPerToken));
  return { token, digest: digestOf(token), masked: maskToken(token) };
}

/** A new user or token id: its kind's prefix and 96 random bits. */
export const newId = (kind: keyof typeof idPrefixes): string => `${idPrefixes[kind]}${randomBytes(12).toString('base64url')}`;
