import { join } from 'node:path';
import { bundleBrowserApp } from '@tessera/http';

/** The console page's one script: app/ as a single module. */
export const consoleBundleFile = 'console.js';

/** The console's TypeScript for the browser; `nx build` writes it beside the page (write-bundle.ts). */
export const bundleConsole = (): Promise<Uint8Array> => bundleBrowserApp(join(import.meta.dirname, 'app', 'main.ts'));
