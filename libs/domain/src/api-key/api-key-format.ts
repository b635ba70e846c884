import { toBase62 } from '../shared/base62.ts';

/**
 * An API key's id (Frappe's `api_key`): an identifier, not a secret, so it may be shown and logged. `key_` and 128 bits
 * of randomness in base62. The secret beside it has the token format (token-format.ts).
 */
export const apiKeyIdRandomBytes = 16;
const idLength = 22; // 62^22 > 2^128: every 16-byte value fits.
export const apiKeyIdPattern = `^key_[0-9A-Za-z]{${idLength}}$`;
const apiKeyId = new RegExp(apiKeyIdPattern);

export function formatApiKeyId(random: Uint8Array): string {
  if (random.length !== apiKeyIdRandomBytes) throw new RangeError(`an API key id needs ${apiKeyIdRandomBytes} random bytes`);
  return `key_${toBase62(random, idLength)}`;
}

export const isApiKeyId = (candidate: string): boolean => apiKeyId.test(candidate);
