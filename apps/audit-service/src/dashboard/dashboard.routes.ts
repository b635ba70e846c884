import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { appPageContentSecurityPolicy as dashboardPolicy, NoQuery, staticAsset as asset, type StaticAsset as Asset } from '@tessera/http';
import { bundleDashboard, bundleFile } from './bundle.ts';

/**
 * The ops dashboard: one page and its assets, read (and from source, its script bundled) once at start-up. They hold
 * no data and need no credential; the page asks the query API for everything with the credential its user signs in
 * with.
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Loaded beside the rest of start-up (bundling from source takes a moment), and awaited by the first request.
  const loading = dashboardFiles(app.log).catch((error: unknown) => {
    // An unreadable file must neither crash the service (no request awaits this yet) nor hide why the page is gone.
    app.log.error({ err: error }, 'the dashboard\'s files could not be read');
    return { missing: ['(unreadable)'] };
  }).then((files) => {
    // A build that left the page out must not stop the projections and the query API: the page answers 503 instead.
    if ('missing' in files) app.log.error({ looked_in: files.missing }, 'the dashboard\'s files are missing from this build; /dashboard answers 503');
    return files;
  });
  const hidden = { hide: true, querystring: NoQuery };
  const serve = (name: string) => async (request: { headers: { 'if-none-match'?: string } }, reply: FastifyReply) => {
    const files = await loading;
    if ('missing' in files) return reply.code(503).send({ code: 'service_unavailable', message: 'The dashboard is not part of this build.' });
    const file = files[name]!;
    reply.header('cache-control', 'no-cache').header('etag', file.etag).type(file.type);
    return request.headers['if-none-match'] === file.etag ? reply.code(304).send() : reply.send(file.body);
  };

  app.get('/', { schema: hidden }, (_request, reply) => reply.redirect('/dashboard', 302));
  app.get('/dashboard', { schema: hidden, helmet: { contentSecurityPolicy: { useDefaults: false, directives: dashboardPolicy } } }, serve('index.html'));
  for (const name of [bundleFile, 'dashboard.css', 'chart.umd.min.js']) app.get(`/dashboard/assets/${name}`, { schema: hidden }, serve(name));
};

async function dashboardFiles(log: FastifyBaseLogger): Promise<Record<string, Asset> | { missing: string[] }> {
  // Beside this file when run from source; `dashboard/public` beside the bundle, where the build copies it.
  const candidates = [join(import.meta.dirname, 'public'), join(import.meta.dirname, 'dashboard', 'public')];
  const folder = candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
  if (!folder) return { missing: candidates };
  const script = await dashboardScript(join(folder, bundleFile), log);
  if (!script) return { missing: [join(folder, bundleFile)] };
  // The UMD build defines the global `Chart`; the package's exports name only its modules, so go by its folder.
  const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
  const javascript = 'text/javascript; charset=utf-8';
  return {
    'index.html': asset(readFileSync(join(folder, 'index.html')), 'text/html; charset=utf-8'),
    [bundleFile]: asset(script, javascript),
    'dashboard.css': asset(readFileSync(join(folder, 'dashboard.css')), 'text/css; charset=utf-8'),
    'chart.umd.min.js': asset(readFileSync(chartJs), javascript),
  };
}

/** The build's bundle when there is one (a deployed service); else the sources, bundled now. */
async function dashboardScript(built: string, log: FastifyBaseLogger): Promise<Buffer | undefined> {
  if (existsSync(built)) return readFileSync(built);
  try {
    return Buffer.from(await bundleDashboard());
  } catch (error) {
    log.error({ err: error }, 'the dashboard\'s script did not bundle');
    return undefined;
  }
}
