import replyFrom from '@fastify/reply-from';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { isAllowed, parsePolicy } from '@tessera/domain';
import { currentTraceCarrier } from '@tessera/telemetry';
import type { ProxyRoute } from './proxy-routes.ts';
import { formCredential, withoutCredential } from './credential-parameters.ts';
import { failure } from '../compat/tokenapi.routes.ts';

const defaultTimeoutMs = 30_000;

/**
 * django-tokenapi's `token_required` for any upstream: each route forwards its prefix and every path below it once
 * the caller is authenticated and the token's policy allows the method. The upstream never sees the caller's
 * credential; it learns who called from `x-tessera-*` headers that only the gateway sets.
 */
export const proxyPlugin: FastifyPluginAsync<{ routes: readonly ProxyRoute[] }> = async (app, { routes }) => {
  // A body stays an unread stream: the upstream receives it byte for byte, whatever its type or size, and the
  // gateway holds none of it. A form is the exception, as django-tokenapi reads `user` and `token` from one: it is
  // read (within Django's own limit), offered to `authenticate` as parsed fields, and forwarded without them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: formLimitBytes }, (request, body, done) => {
    forms.set(request, body as Buffer);
    done(null, formCredential(body as Buffer));
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
    return reply.code(413).send({
      code: 'payload_too_large',
      message: `A form body sent through the gateway may hold at most ${formLimitBytes} bytes; send a larger upload as another content type (multipart/form-data, application/octet-stream).`,
    });
  });
  await app.register(replyFrom, {
    disableRequestLogging: true,
    destroyAgent: true,
    // reply-from skips certificate checks unless told: identities must not go to whoever answers for the host.
    undici: { connect: { rejectUnauthorized: true } },
  });
  for (const route of routes) forward(app, route);
};

/** Django's DATA_UPLOAD_MAX_MEMORY_SIZE: no form larger is one a Django upstream would read either. */
const formLimitBytes = 2_621_440;

/** The form bodies read, as they arrived, until the request is forwarded. */
const forms = new WeakMap<FastifyRequest, Buffer>();

function forward(app: FastifyInstance, route: ProxyRoute): void {
  const upstream = route.upstream.replace(/\/+$/, '');
  const timeout = route.timeout_ms ?? defaultTimeoutMs;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathBelow(route.prefix, request.url);
    if (path === undefined) {
      return reply.code(400).send({ code: 'bad_request', message: `The path must start with ${route.prefix} as written and hold no . or .. segments.` });
    }
    const search = request.url.indexOf('?');
    const { query, form } = withoutCredential(search === -1 ? '' : request.url.slice(search + 1), forms.get(request));
    return reply.from(`${upstream}${path}`, {
      timeout,
      queryString: () => query,
      // reply-from sets the Content-Length of a body given here (and drops a chunked framing); the type stays the
      // caller's, charset and all.
      ...(form && { body: form, contentType: request.headers['content-type'] }),
      rewriteRequestHeaders: (_request, headers) => upstreamHeaders(request, headers),
      // The upstream's answer is the caller's answer: reply-from would otherwise replay a GET answered 503.
      retryDelay: () => null,
      onError: (_reply, { error }) => upstreamFailed(route, reply, error),
    });
  };
  const tokenapi = route.refusals === 'django-tokenapi';
  const options = {
    preHandler: [tokenapi ? tokenapiAuthenticate(app) : app.authenticate, policyCheck(route.resource ?? '*', tokenapi)],
    // The upstream's answer keeps its own headers (an HTML upstream needs its own CSP, not the API's), and its
    // contract is the upstream's to document, not the gateway's.
    helmet: false as const,
    schema: { hide: true },
  };
  app.all(route.prefix, options, handler);
  app.all(`${route.prefix}/*`, options, handler);
}

/** django-tokenapi's token_required: 401 when no credential was presented, 403 for one that does not check out. */
function tokenapiAuthenticate(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const refusal = await app.identify(request);
    if (refusal?.code === 'not_authenticated') return reply.code(401).send(failure("Must include 'user' and 'token' parameters with request."));
    if (refusal) return reply.code(403).send(failure('Incorrect user and token pair.'));
  };
}

/**
 * A route that names no resource is asked about as `*`, the section a policy keeps for every resource: a token
 * narrowed to some resources must not reach the rest by way of an unnamed route.
 */
function policyCheck(resource: string, tokenapi: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (isAllowed(parsePolicy(request.identity!.token.policy), resource, request.method)) return;
    const message = `This token's policy does not allow ${request.method} on the resource "${resource}".`;
    return reply.code(403).send(tokenapi ? failure(message) : { code: 'permission_denied', message });
  };
}

/**
 * The path below the prefix as the client wrote it (encoding kept), or undefined when the router matched another
 * spelling of it: an encoded prefix, or . and .. segments, which the upstream's URL would resolve, perhaps above its
 * base path (an http URL reads \ as / too).
 */
function pathBelow(prefix: string, url: string): string | undefined {
  const path = url.split('?', 1)[0]!;
  const rest = path.slice(prefix.length);
  const exact = path.startsWith(prefix) && (rest === '' || rest.startsWith('/'));
  return exact && !/(^|[/\\])(\.|%2e){1,2}([/\\]|$)/i.test(rest) ? rest : undefined;
}

/**
 * The caller's headers without its credential, and with the identity the gateway vouches for. Every `x-tessera-*`
 * header a client sent is dropped, so none can pass for the gateway's.
 */
function upstreamHeaders(request: FastifyRequest, headers: NodeJS.Dict<string | string[]>): IncomingHttpHeaders {
  const { user, token } = request.identity!;
  const kept = Object.entries(headers).filter(([name]) => !replacedHeaders.has(name) && !name.startsWith('x-tessera-'));
  return {
    ...Object.fromEntries(kept),
    'x-tessera-user-id': user.id,
    'x-tessera-username': user.username,
    'x-tessera-token-id': token.id,
    'x-tessera-client-type': token.client_type,
    'x-request-id': request.id,
    ...currentTraceCarrier(),
  };
}

const replacedHeaders = new Set(['authorization', 'x-request-id', 'traceparent', 'tracestate']);

/** reply-from has logged the cause; the caller learns whether the upstream was unreachable or slow, never its address. */
function upstreamFailed(route: ProxyRoute, reply: FastifyReply, error: Error & { statusCode?: number }) {
  if (error.statusCode === 504) {
    return reply.code(504).send({ code: 'gateway_timeout', message: `The service behind ${route.prefix} did not answer in time.` });
  }
  return reply.code(502).send({ code: 'bad_gateway', message: `The service behind ${route.prefix} cannot be reached.` });
}
