import { NotFoundError, PermissionError } from '../shared/domain-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { Decider } from '../shared/decider.ts';
import { evolveApiKey, initialApiKeyState, type ApiKeyEvent, type ApiKeyState } from './api-key.ts';

/**
 * `new_api_key` is used only by the first generation; later ones keep the key the user already has. Whoever holds a
 * user's secret acts as that user, so an admin generating one for another admin would take over that admin's
 * identity: refused unless `admins_may_key_other_admins` (a deployment setting) allows it. `user` is the user the
 * key is for, null when there is none.
 */
export type ApiKeyCommand = {
  type: 'GenerateApiKey';
  data: {
    user_id: string;
    actor: Actor;
    requested_by_admin: boolean;
    user: { is_admin: boolean } | null;
    admins_may_key_other_admins: boolean;
    new_api_key: string;
    secret_digest: string;
    masked_secret: string;
    at: string;
  };
};

function decideApiKey(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  const { requested_by_admin, user, admins_may_key_other_admins, new_api_key, ...secret } = command.data;
  // Refused before whether the user exists counts, so a caller who is not an admin learns nothing of which users exist.
  if (!requested_by_admin) throw new PermissionError('permission_denied', 'Only an admin can generate API keys.');
  if (user === null) throw new NotFoundError('user_not_found', 'No such user.');
  if (user.is_admin && secret.actor.user_id !== secret.user_id && !admins_may_key_other_admins) {
    throw new PermissionError('permission_denied', 'An admin cannot generate API keys for another admin.');
  }
  if (state.status === 'none') return [{ type: 'ApiKeyGenerated', data: { api_key: new_api_key, ...secret } }];
  return [{ type: 'ApiSecretRegenerated', data: { api_key: state.apiKey, ...secret } }];
}

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = { decide: decideApiKey, evolve: evolveApiKey, initialState: initialApiKeyState, stateVersion: 'api-key/1' };
