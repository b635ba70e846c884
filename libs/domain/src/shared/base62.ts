const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Big-endian base62 of `bytes`, left-padded to `width` so every encoding of the same length has the same size. */
export function toBase62(bytes: Uint8Array, width: number): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return toBase62Number(value, width);
}

export function toBase62Number(value: bigint, width: number): string {
  let out = '';
  for (let rest = value; rest > 0n; rest /= 62n) out = alphabet[Number(rest % 62n)] + out;
  if (out.length > width) throw new RangeError(`value needs ${out.length} base62 digits, more than ${width}`);
  return out.padStart(width, '0');
}

export const isBase62 = (text: string): boolean => /^[0-9A-Za-z]*$/.test(text);
