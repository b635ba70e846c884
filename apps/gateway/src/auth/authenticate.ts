import { Stream } from 'node:stream';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { absentBodyIsEmpty, Text } from '@tessera/http';
import { isAllowed, parsePolicy, refusalMessage } from '@tessera/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ValidateResponse__Output } from '@tessera/contracts';
import { checkedCredential, endClientOf, presentedCredential, type CachedValidation, type CheckedCredential, type EndClient, type OnBehalfOf } from '@tessera/token-service-client';

/** Who made the request, once the token service has said the credential is valid. */
export interface Identity {
  user: NonNullable<ValidateResponse__Output['user']>;
  token: NonNullable<ValidateResponse__Output['token']>;
  /** What the client presented: calls made for it carry it, so the token service decides what it may do. */
  credential: CheckedCredential;
}

/**
 * The gateway's own routes, as resources of a token's policy beside the proxied routes' resources: a token narrowed to
 * some resources reaches none of these unless its policy names them (or allows the method under `*`).
 */
export const gatewayResources = {
  account: 'the signed-in user: who it is (QFieldCloud, Frappe get_logged_user), logout and logout everywhere',
  tokens: "the signed-in user's own tokens: list, create, revoke",
  admin: "users, everyone's tokens and API keys (Frappe generate_keys too)",
} as const;
export type GatewayResource = keyof typeof gatewayResources;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What makes one of the gateway's own routes authenticated: the caller needs a valid credential, and a token with
     * a policy needs it to allow the method on this resource. A route that names none answers without a credential.
     */
    resource?: GatewayResource;
    /**
     * A route whose GET changes something (Frappe's documented generate_keys): a GET is no proof of intent, so a
     * session cookie does not authenticate it there; an Authorization header still does.
     */
    changesOnGet?: true;
  }
  interface FastifyRequest {
    identity: Identity | undefined;
  }
  interface FastifyInstance {
    /**
     * A hook that answers 401 unless the request presents a valid credential, and asks no policy: for the proxy, which
     * asks its routes' own resources, and for answers that act on nothing. The gateway's own routes name
     * `config.resource` instead.
     */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /**
     * Sets `request.identity` from a valid credential, or says why there is none; answers nothing itself. With
     * `acceptSession`, a request that presents no credential may be authenticated by its session cookie (the
     * gateway's own routes; never the proxy's).
     */
    identify: (request: FastifyRequest, options?: { acceptSession?: boolean }) => Promise<Refusal | undefined>;
  }
}

/** Why a request is not authenticated, in QFieldCloud's codes: nothing presented, or nothing valid. */
export interface Refusal {
  code: 'not_authenticated' | 'token_authentication_failed';
  message: string;
}

/**
 * django-tokenapi's `user` and `token` parameters, which any authenticated route accepts beside its own fields (in
 * the query, or a form body): spread them into the route's schemas, which otherwise refuse unknown fields.
 */
export const credentialParameters = {
  user: Type.Optional(Type.String({ maxLength: 254, description: "django-tokenapi: the token's user (id or username)" })),
  token: Type.Optional(Text({ maxLength: 512, description: 'django-tokenapi: the token, instead of an Authorization header' })),
};

/** The query string (or body) of an authenticated route that has no fields of its own. */
export const CredentialParameters = Type.Object(credentialParameters, { additionalProperties: false });

/** The body of such a route: a form may also carry the session's CSRF token (never the query string: no URL holds it). */
const CredentialFields = Type.Object(
  { ...credentialParameters, csrf_token: Type.Optional(Type.String({ maxLength: 128, description: "A form's way to send the session's CSRF token (else the X-CSRF-Token header)" })) },
  { additionalProperties: false },
);

const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * For the routes of the plugin it is called in: a route that declares no query string (or, for a method with a body,
 * no body) still refuses undeclared fields, accepting only django-tokenapi's credential parameters there.
 */
export function onlyDeclaredInput(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const takesBody = [route.method].flat().some((method) => bodyMethods.has(method));
    const declaresBody = route.schema?.body !== undefined;
    route.schema = { querystring: CredentialParameters, ...(takesBody ? { body: CredentialFields } : {}), ...route.schema };
    if (takesBody && !declaresBody) route.preValidation = [...[route.preValidation ?? []].flat(), absentBodyIsEmpty];
  });
}

/**
 * Every credential form of the brief, checked by the token service's Validate. The credential never reaches a log:
 * only the verdict and the token's id do.
 */
export const authenticatePlugin = fp<{ validation: Pick<CachedValidation, 'validate'> }>(async (app, { validation }) => {
  app.decorateRequest('identity', undefined);
  app.decorate('identify', async (request: FastifyRequest, options?: { acceptSession?: boolean }): Promise<Refusal | undefined> => {
    const params = { ...(request.query as object), ...(isParsedBody(request.body) ? request.body : {}) } as { user?: unknown; token?: unknown };
    const presented = presentedCredential({ authorization: request.headers.authorization, params });
    if (presented.kind === 'none') {
      // As DRF tries TokenAuthentication before SessionAuthentication: a credential presented wins over the cookie.
      const session = options?.acceptSession ? await app.sessions.identify(request) : 'none';
      if (session === 'active') return undefined;
      if (session === 'ended') return { code: 'not_authenticated', message: 'The session has ended (signed out, idle too long, too old, or its sign-in revoked): sign in again.' };
      return { code: 'not_authenticated', message: 'Authentication credentials were not provided.' };
    }
    if (presented.kind === 'unreadable') return { code: 'token_authentication_failed', message: presented.message };

    const credential = checkedCredential(presented);
    const verdict = await validation.validate(credential, endClient(request));
    const namedUser = presented.kind === 'token' ? presented.user : undefined;
    // django-tokenapi names the user beside the token: a token of anyone else is no credential for them.
    const userMatches = namedUser === undefined || namedUser === verdict.user?.id || namedUser === verdict.user?.username;
    if (!verdict.valid || !verdict.user || !verdict.token || !userMatches) {
      request.log.info({ verdict: verdict.code, token_id: verdict.token?.id }, 'credential refused');
      // A token presented for another user is simply not a credential for this one.
      return { code: 'token_authentication_failed', message: refusalMessage(userMatches ? verdict.code : 'NOT_FOUND') };
    }
    request.identity = { user: verdict.user, token: verdict.token, credential };
    return undefined;
  });
  app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const refusal = await app.identify(request);
    if (refusal) return reply.code(401).header('www-authenticate', 'Token').send(refusal);
  });

  // Registered on the root, these apply to every route the gateway adds after: the check lives here once, not in
  // each route, and it runs before the routes' own preValidation hooks (an admin's role, a body's absence).
  app.addHook('onRoute', (route) => {
    const resource = route.config?.resource;
    if (resource === undefined) return;
    // Type stripping checks no types: a misspelt name would be a resource that no documented policy names.
    if (!Object.hasOwn(gatewayResources, resource)) {
      throw new Error(`${String(route.method)} ${route.url} names the resource "${String(resource)}", which is none of ${Object.keys(gatewayResources).join(', ')}`);
    }
    const needs = `Needs a credential; a token with a policy needs it to allow the method on the resource "${resource}".`;
    route.schema = { ...route.schema, description: route.schema?.description ? `${route.schema.description} ${needs}` : needs };
  });
  app.addHook('preValidation', async (request, reply) => {
    const resource = request.routeOptions.config.resource;
    if (resource === undefined) return;
    const refusal = await app.identify(request, { acceptSession: true });
    if (refusal) return reply.code(401).header('www-authenticate', 'Token').send(refusal);
    // An ambient credential needs proof that the request was meant: the session's CSRF token and origin (ADR 12).
    if (request.session && safeMethods.has(request.method) && request.routeOptions.config.changesOnGet) {
      return reply.code(403).send({ code: 'csrf_failed', message: `CSRF Failed: ${request.method} cannot carry a CSRF token; with a session cookie, POST this with its CSRF token.` });
    }
    if (request.session && !safeMethods.has(request.method)) {
      const csrf = app.sessions.csrfRefusal(request);
      if (csrf) return reply.code(403).send({ code: 'csrf_failed', message: csrf });
    }
    if (isAllowed(parsePolicy(request.identity!.token.policy), resource, request.method)) return;
    return reply.code(403).send({ code: 'permission_denied', message: `This token's policy does not allow ${request.method} on the resource "${resource}".` });
  });
});

export const endClient = (request: FastifyRequest): EndClient => endClientOf(request);

/** The signed-in caller of an authenticated route, for the calls the gateway makes for it. */
export const onBehalfOf = (request: FastifyRequest): OnBehalfOf => ({ credential: request.identity!.credential, client: endClient(request) });

/** A parsed JSON or form body (on a proxied route, a form's credential fields); an unread stream holds none. */
function isParsedBody(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Stream) && !Buffer.isBuffer(value);
}
