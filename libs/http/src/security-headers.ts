import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance, RawServerBase, RawServerDefault } from 'fastify';

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameter must match Fastify's declaration
  interface RouteShorthandOptions<RawServer extends RawServerBase = RawServerDefault> {
    /** The route's own security headers: `false` for none (the proxy's answers are the upstream's), or helmet's options. */
    helmet?: HelmetOptions | false;
  }
  interface FastifyContextConfig {
    securityHeaders?: ReadonlyArray<readonly [string, string]>;
  }
}

/**
 * A JSON answer needs nothing from a browser: should one ever be opened as a page, it may load nothing, run nothing
 * and sit in no frame.
 */
const apiPolicy = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The docs page (swagger-ui) loads its scripts, styles and the document from this origin and draws its icons from
 * data: URLs; it runs no inline script. No upgrade-insecure-requests: the services speak plain HTTP, and the page
 * would then ask for its own assets over an HTTPS that nobody answers.
 */
export const docsContentSecurityPolicy = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src-attr': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * A browser app's page (the audit dashboard, the gateway's console): its script, styles and images come from this
 * origin, it calls only this origin's API, and it runs no inline script or style.
 */
export const appPageContentSecurityPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const defaults: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: apiPolicy },
  frameguard: { action: 'deny' },
  // HSTS belongs to whoever terminates TLS: these services listen on plain HTTP, where browsers ignore the header
  // (RFC 6797 §8.1), and only the TLS host knows whether includeSubDomains or preload is safe for its domain.
  strictTransportSecurity: false,
};

/**
 * Helmet's headers on every answer, 404s and refusals included; a route that renders a page sets its own options
 * (`helmet: {...}`), and a route whose answers are another server's sets `helmet: false`. Helmet's headers depend on
 * its options alone, so they are worked out once per set of options, when a route is added, instead of on every
 * request as @fastify/helmet does (about a quarter of a bare route's cost, measured in ADR 9).
 */
export function securityHeaders(app: FastifyInstance): void {
  const everywhere = headersOf(defaults);
  app.addHook('onRoute', (route) => {
    if (route.helmet === undefined) return;
    route.config = { ...route.config, securityHeaders: route.helmet === false ? [] : headersOf({ ...defaults, ...route.helmet } as HelmetOptions) };
  });
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of request.routeOptions.config.securityHeaders ?? everywhere) reply.raw.setHeader(name, value);
    done();
  });
}

/** The headers helmet's middleware sets for `options`, recorded from one run against a stand-in response. */
function headersOf(options: HelmetOptions): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const recorder = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]), removeHeader: () => undefined };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}
