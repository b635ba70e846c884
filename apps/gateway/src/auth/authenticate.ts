import { Stream } from 'node:stream';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { absentBodyIsEmpty, Text } from '@tessera/http';
import { refusalMessage } from '@tessera/domain';
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

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | undefined;
  }
  interface FastifyInstance {
    /** A preValidation hook that answers 401 (before a body is judged) unless the request presents a valid credential. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Sets `request.identity` from a valid credential, or says why there is none; answers nothing itself. */
    identify: (request: FastifyRequest) => Promise<Refusal | undefined>;
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

const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * For the routes of the plugin it is called in: a route that declares no query string (or, for a method with a body,
 * no body) still refuses undeclared fields, accepting only django-tokenapi's credential parameters there.
 */
export function onlyDeclaredInput(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const takesBody = [route.method].flat().some((method) => bodyMethods.has(method));
    const declaresBody = route.schema?.body !== undefined;
    route.schema = { querystring: CredentialParameters, ...(takesBody ? { body: CredentialParameters } : {}), ...route.schema };
    if (takesBody && !declaresBody) route.preValidation = [...[route.preValidation ?? []].flat(), absentBodyIsEmpty];
  });
}

/**
 * Every credential form of the brief, checked by the token service's Validate. The credential never reaches a log:
 * only the verdict and the token's id do.
 */
export const authenticatePlugin = fp<{ validation: Pick<CachedValidation, 'validate'> }>(async (app, { validation }) => {
  app.decorateRequest('identity', undefined);
  app.decorate('identify', async (request: FastifyRequest): Promise<Refusal | undefined> => {
    const params = { ...(request.query as object), ...(isParsedBody(request.body) ? request.body : {}) } as { user?: unknown; token?: unknown };
    const presented = presentedCredential({ authorization: request.headers.authorization, params });
    if (presented.kind === 'none') return { code: 'not_authenticated', message: 'Authentication credentials were not provided.' };
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
});

export const endClient = (request: FastifyRequest): EndClient => endClientOf(request);

/** The signed-in caller of an authenticated route, for the calls the gateway makes for it. */
export const onBehalfOf = (request: FastifyRequest): OnBehalfOf => ({ credential: request.identity!.credential, client: endClient(request) });

/** A parsed JSON or form body (on a proxied route, a form's credential fields); an unread stream holds none. */
function isParsedBody(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Stream) && !Buffer.isBuffer(value);
}
