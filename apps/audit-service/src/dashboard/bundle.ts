import { join } from 'node:path';
import { bundleBrowserApp } from '@tessera/http';

/** The page's one script: app/ and what it imports (the stream's protocol, eventsource-parser) as a single module. */
export const bundleFile = 'dashboard.js';

/** The dashboard's TypeScript for the browser; `nx build` writes it beside the page (write-bundle.ts). */
export const bundleDashboard = (): Promise<Uint8Array> => bundleBrowserApp(join(import.meta.dirname, 'app', 'main.ts'));
