import type { ClientType } from './client-type.ts';

/** Events of a token's stream. The token itself is never recorded: only its SHA-256 digest and a masked prefix. */
export type TokenEvent = {
  type: 'TokenIssued';
  data: {
    token_id: string;
    user_id: string;
    client_type: ClientType;
    user_agent: string;
    note: string;
    token_digest: string;
    masked: string;
    created_at: string;
    expires_at: string;
  };
};

export type TokenState =
  | { status: 'none' }
  | { status: 'active'; tokenId: string; userId: string; clientType: ClientType; expiresAt: string };

export const initialTokenState = (): TokenState => ({ status: 'none' });

export function evolveToken(_state: TokenState, event: TokenEvent): TokenState {
  switch (event.type) {
    case 'TokenIssued':
      return {
        status: 'active',
        tokenId: event.data.token_id,
        userId: event.data.user_id,
        clientType: event.data.client_type,
        expiresAt: event.data.expires_at,
      };
  }
}
