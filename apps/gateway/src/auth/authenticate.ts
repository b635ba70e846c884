import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ValidateResponse__Output } from '@tessera/contracts';
import { presentedCredential } from '../credentials/presented-credential.ts';
import type { CheckedCredential, EndClient, OnBehalfOf, TokenServiceClient } from '../token-service/token-service.client.ts';

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
  }
}

/**
 * django-tokenapi's `user` and `token` parameters, which any authenticated route accepts beside its own fields (in
 * the query, or a form body): spread them into the route's schemas, which otherwise refuse unknown fields.
 */
export const credentialParameters = {
  user: Type.Optional(Type.String({ maxLength: 254, description: "django-tokenapi: the token's user (id or username)" })),
  token: Type.Optional(Type.String({ maxLength: 1024, description: 'django-tokenapi: the token, instead of an Authorization header' })),
};

/** QFieldCloud's messages: expired is told apart from invalid, and from an inactive user. */
const refusals: Record<string, string> = {
  EXPIRED: 'Token has expired.',
  USER_INACTIVE: 'User inactive or deleted.',
};

/**
 * Every credential form of the brief, checked by the token service's Validate. The credential never reaches a log:
 * only the verdict and the token's id do.
 */
export const authenticatePlugin = fp<{ tokenService: TokenServiceClient }>(async (app, { tokenService }) => {
  app.decorateRequest('identity', undefined);
  app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const params = { ...(request.query as object), ...(isRecord(request.body) ? request.body : {}) } as { user?: unknown; token?: unknown };
    const presented = presentedCredential({ authorization: request.headers.authorization, params });
    if (presented.kind === 'none') return refuse(reply, 'not_authenticated', 'Authentication credentials were not provided.');
    if (presented.kind === 'unreadable') return refuse(reply, 'token_authentication_failed', presented.message);

    const credential: CheckedCredential = presented.kind === 'token' ? { token: presented.token } : { apiKey: presented.apiKey, secret: presented.secret };
    const verdict = await tokenService.validate(credential, endClient(request));
    const namedUser = presented.kind === 'token' ? presented.user : undefined;
    // django-tokenapi names the user beside the token: a token of anyone else is no credential for them.
    const userMatches = namedUser === undefined || namedUser === verdict.user?.id || namedUser === verdict.user?.username;
    if (!verdict.valid || !verdict.user || !verdict.token || !userMatches) {
      request.log.info({ verdict: verdict.code, token_id: verdict.token?.id }, 'credential refused');
      return refuse(reply, 'token_authentication_failed', (userMatches && refusals[verdict.code]) || 'Invalid token.');
    }
    request.identity = { user: verdict.user, token: verdict.token, credential };
  });
});

export const endClient = (request: FastifyRequest): EndClient => ({ userAgent: request.headers['user-agent'] ?? '', ip: request.ip });

/** The signed-in caller of an authenticated route, for the calls the gateway makes for it. */
export const onBehalfOf = (request: FastifyRequest): OnBehalfOf => ({ credential: request.identity!.credential, client: endClient(request) });

function refuse(reply: FastifyReply, code: string, message: string) {
  return reply.code(401).header('www-authenticate', 'Token').send({ code, message });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
