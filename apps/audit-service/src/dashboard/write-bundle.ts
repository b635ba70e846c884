// `node apps/audit-service/src/dashboard/write-bundle.ts <folder>`: what `nx build` runs to put the dashboard's
// script beside the page it copies into dist/. Apart from bundle.ts, which the service imports: this file runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleDashboard, bundleFile } from './bundle.ts';

const folder = process.argv[2];
if (!folder) throw new Error('usage: node apps/audit-service/src/dashboard/write-bundle.ts <output folder>');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, bundleFile), await bundleDashboard());
