import type { Policy } from '../policy/policy.ts';
import type { Actor } from '../shared/actor.ts';
import type { ClientType } from './client-type.ts';

/** Why a token stopped working before its time, without being revoked: the holder's own logout, or a newer login. */
export type ExpiryReason = 'logout' | 'logout_everywhere' | 'superseded';

/** Events of a token's stream. The token itself is never recorded: only its SHA-256 digest and a masked prefix. */
export type TokenEvent =
  | {
      type: 'TokenIssued';
      data: {
        token_id: string;
        user_id: string;
        client_type: ClientType;
        user_agent: string;
        note: string;
        token_digest: string;
        masked: string;
        policy: Policy | null;
        created_at: string;
        expires_at: string;
        /** None when a login issued it: the user signing in is the only one acting. */
        actor?: Actor;
      };
    }
  | { type: 'TokenRevoked'; data: { token_id: string; user_id: string; reason: string; at: string; actor?: Actor } }
  | { type: 'TokenExpired'; data: { token_id: string; user_id: string; reason: ExpiryReason; at: string; actor?: Actor } };

/** Kept as a JSON snapshot: a change here or in `evolveToken` bumps `tokenDecider.stateVersion` (state-versions.test.ts). */
export type TokenState =
  | { status: 'none' }
  | { status: 'active' | 'revoked'; tokenId: string; userId: string; clientType: ClientType; expiresAt: string };

export const initialTokenState = (): TokenState => ({ status: 'none' });

const earlier = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);

export function evolveToken(state: TokenState, event: TokenEvent): TokenState {
  switch (event.type) {
    case 'TokenIssued':
      return {
        status: 'active',
        tokenId: event.data.token_id,
        userId: event.data.user_id,
        clientType: event.data.client_type,
        expiresAt: event.data.expires_at,
      };
    case 'TokenRevoked':
      return state.status === 'none' ? state : { ...state, status: 'revoked' };
    case 'TokenExpired':
      // Soft expiry (QFieldCloud): the token stays, its expiry moves to the moment it was let go.
      return state.status === 'none' ? state : { ...state, expiresAt: earlier(state.expiresAt, event.data.at) };
  }
}
