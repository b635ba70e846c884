import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest `name` at or above `start`. Services find their migrations and proto/ this way, so they run the same
 * from source, from a bundle in dist/, and in a container image.
 */
export function findUp(start: string, name: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) throw new Error(`${name} not found in ${start} or any folder above it.`);
  }
}
