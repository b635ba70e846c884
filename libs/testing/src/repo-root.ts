import path from 'node:path';
import { findUp } from '@tessera/config';

/**
 * The checkout's root folder, the one marked by nx.json: how every test helper and tool finds files of the
 * repository, whether it runs from source or from a bundle in dist/. Services never need it (they find their own
 * migrations and proto/ with findUp), so it lives here, with the tests and tools.
 */
export const repoRoot = path.dirname(findUp(import.meta.dirname, 'nx.json'));
