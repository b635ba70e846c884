// `node apps/gateway/src/console/write-bundle.ts <folder>`: what `nx build` runs to put the console's script beside
// the page it copies into dist/. Apart from bundle.ts, which the gateway imports: this file runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleConsole, consoleBundleFile } from './bundle.ts';

const [folder] = process.argv.slice(2);
if (!folder) throw new Error('usage: node apps/gateway/src/console/write-bundle.ts <output folder>');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, consoleBundleFile), await bundleConsole());
