import { PermissionError } from '../shared/domain-error.ts';
import type { Decider } from '../shared/decider.ts';
import { evolveApiKey, initialApiKeyState, type ApiKeyEvent, type ApiKeyState } from './api-key.ts';

/** `new_api_key` is used only by the first generation; later ones keep the key the user already has. */
export type ApiKeyCommand = {
  type: 'GenerateApiKey';
  data: { user_id: string; requested_by_admin: boolean; new_api_key: string; secret_digest: string; masked_secret: string; at: string };
};

export function decideApiKey(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  const { requested_by_admin, new_api_key, ...secret } = command.data;
  if (!requested_by_admin) throw new PermissionError('permission_denied', 'Only an admin can generate API keys.');
  if (state.status === 'none') return [{ type: 'ApiKeyGenerated', data: { api_key: new_api_key, ...secret } }];
  return [{ type: 'ApiSecretRegenerated', data: { api_key: state.apiKey, ...secret } }];
}

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  decide: decideApiKey,
  evolve: evolveApiKey,
  initialState: initialApiKeyState,
  stateVersion: 'api-key/1',
};
