import { randomBytes } from 'node:crypto';

/**
 * Matches every password that tests send (testPassword(), bootstrapAdmin.password), so the log scan recognises a
 * leaked one by its marker, without a list of them.
 */
export const testPasswordPattern = /pw-tessera-test-[\w-]+/;

/** A fresh strong password; `label` only tells a reader which one it is, and is reduced to [\w-] to stay matched. */
export function testPassword(label = ''): string {
  const named = label ? `${label.replace(/[^\w-]+/g, '-')}-` : '';
  return `pw-tessera-test-${named}${randomBytes(12).toString('hex')}`;
}
