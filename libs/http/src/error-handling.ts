import type { FastifyError, FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';

/** An answer for an error the service knows, or undefined to leave it to the defaults. */
export type KnownErrorMapper = (
  error: unknown,
  request: FastifyRequest,
) => { status: number; headers?: Record<string, string>; body: { code: string; message: string } } | undefined;

/** QFieldCloud's error shape, `{code, message}`, for every refusal; a 5xx never echoes an internal message. */
export function errorHandling(app: FastifyInstance, knownErrors?: KnownErrorMapper): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = knownErrors?.(error, request);
    if (known) return reply.code(known.status).headers(known.headers ?? {}).send(known.body);
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      return reply.code(400).send({ code: 'validation_error', message: `Invalid ${where}: ${error.message}` });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ code: clientErrorCode(error), message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ code: 'internal_error', message: `Something went wrong on our side. Quote request id ${request.id} when reporting it.` });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
  );
}

/**
 * A method that a known path does not take is a 405 naming the methods it does take (RFC 9110 §15.5.6), not a 404
 * that would say the path is unknown, nor the 400 of a parametric route that matched only because the path's own
 * route is static (`DELETE /tokens/expire/` against `DELETE /tokens/:token_id/`). Answered before the body is read:
 * a method Fastify expects a body for would otherwise be refused for its missing content type first. Added after the
 * hooks that set security headers and limit the URL's length, so a 405 has the headers and a URL too long is still a
 * 414. The message leaves the path out, as a path may carry a token (django-tokenapi's routes).
 */
export function answerUndeclaredMethods(app: FastifyInstance): void {
  const methods = new Set<string>();
  const staticRoutes = new Map<string, string[]>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) methods.add(method);
    if (!/[:*]/.test(route.url)) staticRoutes.set(route.url, [...(staticRoutes.get(route.url) ?? []), ...[route.method].flat()].sort());
  });
  app.addHook('onRequest', (request, reply, done) => {
    const allowed = request.is404 ? methodsOf(app, methods, request.url) : staticSiblingOf(request, staticRoutes);
    if (!allowed?.length || allowed.includes(request.method)) return done();
    const list = allowed.join(', ');
    void reply
      .code(405)
      .header('allow', list)
      .send({ code: 'method_not_allowed', message: `This path does not take ${request.method}. Send ${list} instead.` });
  });
}

/** The methods of the static route at a path a parametric route matched, if there is one. */
function staticSiblingOf(request: FastifyRequest, staticRoutes: Map<string, string[]>): string[] | undefined {
  const route = request.routeOptions.url;
  if (route === undefined || !/[:*]/.test(route)) return undefined;
  const query = request.url.indexOf('?');
  return staticRoutes.get(query === -1 ? request.url : request.url.slice(0, query));
}

/**
 * The methods of the routes that match the path most closely, as the router ranks them: `/tokens/expire/` is the
 * static route's (POST), though `DELETE /tokens/:token_id/` would match it too.
 */
function methodsOf(app: FastifyInstance, methods: Set<string>, url: string): string[] {
  const matches = [...methods].flatMap((method) => {
    const route = findRoute(app, method, url);
    return route ? [{ method, parameters: Object.keys(route.params).length }] : [];
  });
  const closest = Math.min(...matches.map(({ parameters }) => parameters));
  return matches.filter(({ parameters }) => parameters === closest).map(({ method }) => method).sort();
}

function findRoute(app: FastifyInstance, method: string, url: string) {
  try {
    return app.findRoute({ method: method as HTTPMethods, url });
  } catch {
    // A URL the router cannot decode matches no route.
    return null;
  }
}

function clientErrorCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'parse_error';
    case 'throttled':
      return 'throttled';
    default:
      return 'bad_request';
  }
}
