import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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

/** Helmet's headers on every answer, 404s and refusals included; a route that renders a page sets its own policy. */
export function securityHeaders(app: FastifyInstance): void {
  app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: apiPolicy },
    frameguard: { action: 'deny' },
    // HSTS belongs to whoever terminates TLS: these services listen on plain HTTP, where browsers ignore the header
    // (RFC 6797 §8.1), and only the TLS host knows whether includeSubDomains or preload is safe for its domain.
    strictTransportSecurity: false,
  });
}
