import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { policyMethods } from '@tessera/domain';
import { Text } from '@tessera/http';
import { ClientTypeSchema, TokenIdSchema, type ListTokensRequest, type Token__Output } from '@tessera/contracts';
import { credentialParameters, gatewayResources, onBehalfOf, onlyDeclaredInput } from '../auth/authenticate.ts';
import type { TokenActivityClient } from '../audit/token-activity.client.ts';
import { refusalResponses } from '../errors.ts';
import type { TokenServiceClient } from '@tessera/token-service-client';
import { shortestTokenSeconds } from './token-lifetime.ts';
import { TokenView, tokenView } from './token-view.ts';

export const tokenIdParams = Type.Object({ token_id: TokenIdSchema });

export interface TokenRoutesOptions {
  tokenService: TokenServiceClient;
  tokenActivity: TokenActivityClient;
  /** TOKEN_MAX_TTL_HOURS: the longest lifetime the document lets a token ask for. */
  maxTtlHours: number;
}


// A method is named in any case, as Djblets reads it upper-cased.
const anyCase = (word: string) => [...word].map((letter) => `[${letter}${letter.toLowerCase()}]`).join('');
const PolicyMethods = Type.Array(Type.String({ pattern: `^(\\*|${policyMethods.map(anyCase).join('|')})$` }), { maxItems: policyMethods.length + 1 });
const PolicySection = Type.Object({ allow: Type.Optional(PolicyMethods), block: Type.Optional(PolicyMethods) }, { additionalProperties: false });
/** The token service's rule for a Djblets policy, so the document refuses what it would. */
const Policy = Type.Object(
  {
    // propertyNames, not a Record: @fastify/swagger turns a Record's patternProperties into additionalProperties.
    resources: Type.Optional(
      Type.Object({}, { propertyNames: Type.String({ pattern: '^(\\*|[A-Za-z0-9][A-Za-z0-9_.:-]{0,99})$' }), additionalProperties: PolicySection, maxProperties: 100 }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'A Djblets policy: {"resources": {"*": {"allow": ["GET"]}}}. The resources: the gateway\'s own ' +
      Object.entries(gatewayResources).map(([name, routes]) => `"${name}" (${routes})`).join(', ') +
      '; the audit service\'s "audit"; each proxied route\'s own; and "*", asked after a resource\'s own section.',
  },
);

const ListQuery = Type.Object({ include_invalid: Type.Boolean({ default: false }), ...credentialParameters }, { additionalProperties: false });
const createBody = (maxTtlHours: number) =>
  Type.Object(
    {
      note: Text({ minLength: 1, maxLength: 255, description: 'A name that says what the token is for' }),
      expires_in_seconds: Type.Optional(
        Type.Integer({ minimum: shortestTokenSeconds, maximum: maxTtlHours * 3600, description: 'At most TOKEN_MAX_TTL_HOURS, and at most the client type\'s own lifetime where one is set; a longer one is refused' }),
      ),
      policy: Type.Optional(Policy),
      client_type: Type.Optional(ClientTypeSchema),
      ...credentialParameters,
    },
    { additionalProperties: false },
  );
const CreatedToken = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'Shown this once; only its digest is kept' }),
  masked: Type.String(),
  note: Type.String(),
  client_type: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  expires_at: Type.String({ format: 'date-time' }),
});
const LoggedOutEverywhere = Type.Object({ detail: Type.String(), expired: Type.Integer() });

/** Lists tokens with when each was last used; the list answers even while the audit service cannot. */
export async function listTokenViews(options: TokenRoutesOptions, request: FastifyRequest, filter: ListTokensRequest): Promise<TokenView[]> {
  const { tokens } = await options.tokenService.listTokens(onBehalfOf(request), filter);
  return viewsOf(options, request, tokens);
}

/** Revokes one token (the token service checks it is the caller's, or that the caller is an admin). */
export async function revokeTokenView(options: TokenRoutesOptions, request: FastifyRequest, tokenId: string, reason: string): Promise<TokenView> {
  const revoked = await options.tokenService.revokeToken(onBehalfOf(request), { token_id: tokenId, reason });
  return (await viewsOf(options, request, [revoked]))[0]!;
}

async function viewsOf(options: TokenRoutesOptions, request: FastifyRequest, tokens: Token__Output[]): Promise<TokenView[]> {
  const lastUsed = await options.tokenActivity.lastUsed(tokens.map((token) => token.id));
  return tokens.map((token) => tokenView(token, lastUsed, request.identity!.token.id));
}

/** The signed-in user's own tokens: list, create a named one, revoke one, log out everywhere. */
export const tokenRoutes: FastifyPluginAsyncTypebox<TokenRoutesOptions> = async (app, options) => {
  onlyDeclaredInput(app);
  const { tokenService } = options;

  app.get('/api/v1/auth/tokens/', { config: { resource: 'tokens' }, schema: { querystring: ListQuery, response: { 200: Type.Array(TokenView), ...refusalResponses } } }, (request) =>
    listTokenViews(options, request, { include_invalid: request.query.include_invalid }),
  );

  app.post('/api/v1/auth/tokens/', { config: { resource: 'tokens' }, schema: { body: createBody(options.maxTtlHours), response: { 201: CreatedToken, ...refusalResponses } } }, async (request, reply) => {
    const { note, expires_in_seconds, policy, client_type } = request.body;
    const { token } = await tokenService.issueToken(onBehalfOf(request), {
      note,
      expires_in_seconds: expires_in_seconds ?? 0,
      policy: policy ? JSON.stringify(policy) : '',
      client_type: client_type ?? '',
    });
    request.log.info({ token_id: token!.id, masked: token!.masked }, 'token created');
    return reply.code(201).send({ ...token!, note });
  });

  app.delete(
    '/api/v1/auth/tokens/:token_id/',
    { config: { resource: 'tokens' }, schema: { params: tokenIdParams, response: { 200: TokenView, ...refusalResponses } } },
    (request) => revokeTokenView(options, request, request.params.token_id, 'revoked by its owner'),
  );

  app.post('/api/v1/auth/logout/everywhere/', { config: { resource: 'account' }, schema: { response: { 200: LoggedOutEverywhere, ...refusalResponses } } }, async (request) => {
    const { expired } = await tokenService.logout(onBehalfOf(request), true);
    return { detail: 'Successfully logged out everywhere.', expired };
  });
};
