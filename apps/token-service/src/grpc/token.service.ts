import { Type } from 'typebox';
import { TokenIdSchema, type IssueTokenResponse, type ListTokensResponse, type RevokeAllTokensResponse, type Token, type TokenServiceHandlers } from '@tessera/contracts';
import type { TokenServiceContext } from '../context.ts';
import { issueToken, revokeAllTokens, revokeToken, tokenOf, tokensOf } from '../tokens/token-commands.ts';
import { requireManager } from './authentication.ts';
import { tokenMessage, userMessage } from './messages.ts';
import type { Unary } from './unary.ts';

const id = (maxLength = 64) => Type.String({ maxLength, pattern: '^[A-Za-z0-9_-]*$' });
const tokenId = TokenIdSchema;

const IssueTokenRequest = Type.Object({
  user_id: id(),
  note: Type.String({ maxLength: 255 }),
  expires_in_seconds: Type.String({ pattern: '^[0-9]{1,12}$' }),
  policy: Type.String({ maxLength: 16_384 }),
  client_type: Type.String({ maxLength: 20 }),
});
const ListTokensRequest = Type.Object({ user_id: id(), client_type: Type.String({ maxLength: 20 }), include_invalid: Type.Boolean(), all_users: Type.Boolean() });
const GetTokenRequest = Type.Object({ token_id: tokenId });
const RevokeTokenRequest = Type.Object({ token_id: tokenId, reason: Type.String({ minLength: 1, maxLength: 255 }) });
const RevokeAllTokensRequest = Type.Object({ user_id: id(), client_type: Type.String({ maxLength: 20 }) });

export function tokenService(ctx: TokenServiceContext, unary: Unary): TokenServiceHandlers {
  const caller = (metadata: Parameters<typeof requireManager>[1]) => requireManager(ctx, metadata);
  return {
    IssueToken: unary('TokenService/IssueToken', IssueTokenRequest, async (request, call): Promise<IssueTokenResponse> => {
      const issued = await issueToken(ctx, await caller(call.metadata), {
        userId: request.user_id,
        note: request.note,
        expiresInSeconds: Number(request.expires_in_seconds),
        policy: request.policy,
        clientType: request.client_type,
      });
      return { token: issued.token, user: userMessage(issued.user) };
    }),
    ListTokens: unary('TokenService/ListTokens', ListTokensRequest, async (request, call): Promise<ListTokensResponse> => {
      const rows = await tokensOf(ctx, await caller(call.metadata), {
        userId: request.user_id,
        allUsers: request.all_users,
        clientType: request.client_type,
        includeInvalid: request.include_invalid,
      });
      return { tokens: rows.map(tokenMessage) };
    }),
    GetToken: unary('TokenService/GetToken', GetTokenRequest, async (request, call): Promise<Token> =>
      tokenMessage(await tokenOf(ctx, await caller(call.metadata), request.token_id)),
    ),
    RevokeToken: unary('TokenService/RevokeToken', RevokeTokenRequest, async (request, call): Promise<Token> =>
      tokenMessage(await revokeToken(ctx, await caller(call.metadata), request.token_id, request.reason)),
    ),
    RevokeAllTokens: unary('TokenService/RevokeAllTokens', RevokeAllTokensRequest, async (request, call): Promise<RevokeAllTokensResponse> => ({
      revoked: await revokeAllTokens(ctx, await caller(call.metadata), request.user_id, request.client_type),
    })),
  };
}
