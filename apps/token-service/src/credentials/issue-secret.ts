import { randomBytes } from 'node:crypto';
import { digestOf } from '@tessera/contracts';
import { formatToken, maskToken, randomBytesPerToken } from '@tessera/domain';

/** A new token: shown once to the caller, stored only as its SHA-256 digest, logged only masked. */
export function newToken(): { token: string; digest: string; masked: string } {
  const token = formatToken(randomBytes(randomBytesPerToken));
  return { token, digest: digestOf(token), masked: maskToken(token) };
}

/** Ids carry their kind (`usr_`, `tok_`), so a log line or a support ticket says what it names. */
export const newId = (kind: 'usr' | 'tok'): string => `${kind}_${randomBytes(12).toString('base64url')}`;
