import { randomBytes } from 'node:crypto';

/**
 * `label-<8 random hex>`: a name no other test (or earlier run against the same broker or Redis) uses, so
 * topics, consumer groups and key prefixes never need cleaning up between tests to keep them independent.
 */
export function uniqueName(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}
