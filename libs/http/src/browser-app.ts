import { createHash } from 'node:crypto';

/**
 * Bundles a browser app's TypeScript (its entry and all it imports) into one ES module, the page's only script. A
 * service run from source bundles at start-up, so no step comes before `npm start` or a test; `nx build` writes the
 * bundle beside the page, which a deployed service serves as it is. Loaded only when called: esbuild is a development
 * dependency, absent from the image.
 */
export async function bundleBrowserApp(entry: string): Promise<Uint8Array> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox121', 'safari17'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote no bundle for ${entry}`);
  return output.contents;
}

/** A page's file, read once, with the ETag that lets a browser revalidate it on every load (a deploy shows at once). */
export interface StaticAsset {
  type: string;
  body: Buffer;
  etag: string;
}

export function staticAsset(body: Buffer, type: string): StaticAsset {
  return { type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
