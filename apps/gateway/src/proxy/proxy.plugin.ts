import replyFrom from '@fastify/reply-from';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isAllowed, parsePolicy, policyMethods } from '@tessera/domain';
import { currentTraceCarrier } from '@tessera/telemetry';
import type { ProxyRoute } from './proxy-routes.ts';
import { formCredential, withoutCredential } from './credential-parameters.ts';
import type { IdentityAssertions } from './identity-assertions.ts';
import { methodOverrideHeaders, methodOverrideParameter, overriddenMethods } from './method-overrides.ts';
import { pathBelow } from './path-below.ts';
import { upstreamHeaders } from './upstream-headers.ts';
import { failure } from '../compat/tokenapi.routes.ts';

const defaultTimeoutMs = 30_000;

/**
 * django-tokenapi's `token_required` for any upstream: each route forwards its prefix and every path below it once
 * the caller is authenticated and the token's policy allows the method. The upstream never sees the caller's
 * credential; it learns who called from `x-tessera-*` headers that only the gateway sets, and can check that the
 * gateway set them by verifying `x-tessera-assertion` with the keys the gateway publishes.
 */
export const proxyPlugin: FastifyPluginAsync<{ routes: readonly ProxyRoute[]; assertions: IdentityAssertions }> = async (app, { routes, assertions }) => {
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
  for (const route of routes) forward(app, route, assertions);
};

/** Django's DATA_UPLOAD_MAX_MEMORY_SIZE: no form larger is one a Django upstream would read either. */
const formLimitBytes = 2_621_440;

/** The form bodies read, as they arrived, until the request is forwarded. */
const forms = new WeakMap<FastifyRequest, Buffer>();

const nothing: ReadonlySet<string> = new Set();

function forward(app: FastifyInstance, route: ProxyRoute, assertions: IdentityAssertions): void {
  const upstream = route.upstream.replace(/\/+$/, '');
  const timeout = route.timeout_ms ?? defaultTimeoutMs;
  const strips = route.method_overrides !== 'check';
  const droppedParameters = strips ? new Set([methodOverrideParameter]) : nothing;
  const droppedHeaders = strips ? methodOverrideHeaders : nothing;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathBelow(route.prefix, request.url);
    if (path === undefined) {
      return reply.code(400).send({ code: 'bad_request', message: `The path must start with ${route.prefix} as written and hold no . or .. segments.` });
    }
    const target = `${upstream}${path}`;
    const { query, form } = withoutCredential(queryOf(request), forms.get(request), droppedParameters);
    const gateway = await gatewayHeaders(request, assertions, { audience: upstream, url: target });
    return reply.from(target, {
      timeout,
      queryString: () => query,
      // reply-from sets the Content-Length of a body given here (and drops a chunked framing); the type stays the
      // caller's, charset and all.
      ...(form && { body: form, contentType: request.headers['content-type'] }),
      rewriteRequestHeaders: (_request, headers) =>
        upstreamHeaders(headers, { connection: request.headers.connection, dropped: droppedHeaders, gateway }),
      // The upstream's answer is the caller's answer: reply-from would otherwise replay a GET answered 503.
      retryDelay: () => null,
      onError: (_reply, { error }) => upstreamFailed(route, reply, error),
    });
  };
  const tokenapi = route.refusals === 'django-tokenapi';
  const options = {
    // Only the methods a policy can name: any other (TRACE, WebDAV's) is answered 405 by the gateway, as no token's
    // policy could allow or block it. (Node's server hangs up on a CONNECT before any route sees it.)
    method: [...policyMethods],
    preHandler: [tokenapi ? tokenapiAuthenticate(app) : app.authenticate, policyCheck(route, tokenapi)],
    // The upstream's answer keeps its own headers (an HTML upstream needs its own CSP, not the API's), and its
    // contract is the upstream's to document, not the gateway's.
    helmet: false as const,
    schema: { hide: true },
    handler,
  };
  app.route({ ...options, url: route.prefix });
  app.route({ ...options, url: `${route.prefix}/*` });
}

const queryOf = (request: FastifyRequest) => {
  const search = request.url.indexOf('?');
  return search === -1 ? '' : request.url.slice(search + 1);
};

/**
 * What the gateway tells the upstream: who called, signed as well, and from where as the gateway saw it (its own
 * peer, scheme and Host, never a client's X-Forwarded-* or Forwarded).
 */
async function gatewayHeaders(request: FastifyRequest, assertions: IdentityAssertions, target: { audience: string; url: string }): Promise<Record<string, string>> {
  const { user, token } = request.identity!;
  const assertion = await assertions.sign({
    ...target,
    method: request.method,
    requestId: request.id,
    userId: user.id,
    username: user.username,
    tokenId: token.id,
    clientType: token.client_type,
  });
  return {
    'x-tessera-user-id': user.id,
    'x-tessera-username': user.username,
    'x-tessera-token-id': token.id,
    'x-tessera-client-type': token.client_type,
    'x-tessera-assertion': assertion,
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    ...(request.host && { 'x-forwarded-host': request.host }),
    'x-request-id': request.id,
    ...currentTraceCarrier(),
  };
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
 * narrowed to some resources must not reach the rest by way of an unnamed route. A route that forwards method
 * overrides has the policy asked about each method they name too, as the upstream may act as any of them.
 */
function policyCheck(route: ProxyRoute, tokenapi: boolean) {
  const resource = route.resource ?? '*';
  const checksOverrides = route.method_overrides === 'check';
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const refuse = (status: number, code: string, message: string) => reply.code(status).send(tokenapi ? failure(message) : { code, message });
    const overrides = checksOverrides ? overriddenMethods(request.headers, queryOf(request), forms.get(request)) : [];
    const unnameable = overrides.find((method) => !(policyMethods as readonly string[]).includes(method));
    if (unnameable !== undefined) {
      return refuse(400, 'bad_request', `A method override asks for ${JSON.stringify(unnameable)}; the gateway forwards only ${policyMethods.join(', ')}.`);
    }
    const policy = parsePolicy(request.identity!.token.policy);
    const refused = [request.method, ...overrides].find((method) => !isAllowed(policy, resource, method));
    if (refused !== undefined) return refuse(403, 'permission_denied', `This token's policy does not allow ${refused} on the resource "${resource}".`);
  };
}

/** reply-from has logged the cause; the caller learns whether the upstream was unreachable or slow, never its address. */
function upstreamFailed(route: ProxyRoute, reply: FastifyReply, error: Error & { statusCode?: number }) {
  if (error.statusCode === 504) {
    return reply.code(504).send({ code: 'gateway_timeout', message: `The service behind ${route.prefix} did not answer in time.` });
  }
  return reply.code(502).send({ code: 'bad_gateway', message: `The service behind ${route.prefix} cannot be reached.` });
}
