import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appPageContentSecurityPolicy, NoQuery, staticAsset, type StaticAsset } from '@tessera/http';
import { bundleConsole, consoleBundleFile } from './bundle.ts';

type Files = Record<string, StaticAsset> | { missing: string };

/**
 * The web console (ADR 13): one page and its assets, read (and from source, its script bundled) once at start-up.
 * They hold no data and need no credential; the page signs in at /console/session and calls the JSON API with the
 * session cookie and its CSRF token.
 */
export const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Awaited by the first request, so start-up does not wait for esbuild; a build without the page answers 503 and
  // leaves the API running.
  const loading = consoleFiles().catch((error: unknown): Files => ({ missing: error instanceof Error ? error.message : String(error) }));
  void loading.then((files) => {
    if ('missing' in files) app.log.error({ missing: files.missing }, 'the console\'s files are not part of this build; /console answers 503');
  });

  const hidden = { hide: true, querystring: NoQuery };
  const serve = (name: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const files = await loading;
    if ('missing' in files) return reply.code(503).send({ code: 'service_unavailable', message: 'The console is not part of this build.' });
    const file = files[name]!;
    reply.header('cache-control', 'no-cache').header('etag', file.etag).type(file.type);
    return request.headers['if-none-match'] === file.etag ? reply.code(304).send() : reply.send(file.body);
  };

  // Same-origin referrers, not helmet's no-referrer: under no-referrer a browser sends `Origin: null` with the page's
  // POSTs and DELETEs, which the session's CSRF check rightly refuses (ADR 12).
  const page = { contentSecurityPolicy: { useDefaults: false, directives: appPageContentSecurityPolicy }, referrerPolicy: { policy: 'same-origin' as const } };
  app.get('/console', { schema: hidden, helmet: page }, serve('index.html'));
  for (const name of [consoleBundleFile, 'console.css']) app.get(`/console/assets/${name}`, { schema: hidden }, serve(name));
};

async function consoleFiles(): Promise<Files> {
  // Beside this file when run from source; `console/public` beside the bundle, where the build copies it.
  const candidates = [join(import.meta.dirname, 'public'), join(import.meta.dirname, 'console', 'public')];
  const folder = candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
  if (!folder) return { missing: candidates.join(', ') };
  const built = join(folder, consoleBundleFile);
  const script = existsSync(built) ? readFileSync(built) : Buffer.from(await bundleConsole());
  return {
    'index.html': staticAsset(readFileSync(join(folder, 'index.html')), 'text/html; charset=utf-8'),
    [consoleBundleFile]: staticAsset(script, 'text/javascript; charset=utf-8'),
    'console.css': staticAsset(readFileSync(join(folder, 'console.css')), 'text/css; charset=utf-8'),
  };
}
