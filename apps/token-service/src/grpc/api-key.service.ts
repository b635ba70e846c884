import { Type } from 'typebox';
import { UserIdSchema, type ApiKeyServiceHandlers, type GenerateApiKeyResponse } from '@tessera/contracts';
import type { TokenServiceContext } from '../context.ts';
import { generateApiKey } from '../api-keys/generate-api-key.handler.ts';
import { requireManager } from './authentication.ts';
import type { Unary } from './unary.ts';

const GenerateApiKeyRequest = Type.Object({ user_id: UserIdSchema });

export function apiKeyService(ctx: TokenServiceContext, unary: Unary): ApiKeyServiceHandlers {
  return {
    GenerateApiKey: unary('ApiKeyService/GenerateApiKey', GenerateApiKeyRequest, async (request, call): Promise<GenerateApiKeyResponse> =>
      generateApiKey(ctx, await requireManager(ctx, call.metadata), request.user_id),
    ),
  };
}
