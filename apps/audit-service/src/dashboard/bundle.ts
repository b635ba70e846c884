import { join } from 'node:path';

/** The page's one script: app/ and what it imports (the stream's protocol, eventsource-parser) as a single module. */
export const bundleFile = 'dashboard.js';

/**
 * Bundles the dashboard's TypeScript for the browser. Run from source, the service bundles at start-up, so no step
 * comes before `npm start` or a test; `nx build` writes the bundle beside the page (write-bundle.ts), which a deployed
 * service serves as it is. Loaded only when called: esbuild is a development dependency, absent from the image.
 */
export async function bundleDashboard(): Promise<Uint8Array> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'app', 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox121', 'safari17'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no dashboard bundle');
  return output.contents;
}
