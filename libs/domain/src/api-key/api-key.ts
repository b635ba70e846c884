import type { Actor } from '../shared/actor.ts';

/**
 * Events of a user's API key (Frappe): the key is made once and never changes, the secret is replaced on every
 * generation. Only the secret's SHA-256 digest and masked prefix are recorded.
 */
export interface ApiKeySecret {
  api_key: string;
  user_id: string;
  secret_digest: string;
  masked_secret: string;
  at: string;
  /** The admin who generated it; events written before actors were recorded have none. */
  actor?: Actor;
}

export type ApiKeyEvent = { type: 'ApiKeyGenerated'; data: ApiKeySecret } | { type: 'ApiSecretRegenerated'; data: ApiKeySecret };

/** Kept as a JSON snapshot: a change here or in `evolveApiKey` bumps `apiKeyDecider.stateVersion` (state-versions.test.ts). */
export type ApiKeyState = { status: 'none' } | { status: 'issued'; apiKey: string; userId: string };

export const initialApiKeyState = (): ApiKeyState => ({ status: 'none' });

export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyGenerated':
      return { status: 'issued', apiKey: event.data.api_key, userId: event.data.user_id };
    case 'ApiSecretRegenerated':
      return state;
  }
}
