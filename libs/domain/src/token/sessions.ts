import { singleTokenClientTypes, type ClientType } from './client-type.ts';
import type { ExpiryReason } from './token.ts';

export interface ActiveToken {
  tokenId: string;
  clientType: ClientType;
}

/** A single-token client's login supersedes the user's other active tokens of its type; others keep theirs. */
export function tokensToExpireOnLogin(clientType: ClientType, activeTokensOfUser: readonly ActiveToken[]): string[] {
  if (!singleTokenClientTypes.has(clientType)) return [];
  return activeTokensOfUser.filter((token) => token.clientType === clientType).map((token) => token.tokenId);
}

/**
 * QFieldCloud's logout: from a single-token client, every active token of that client type; from a multi-token
 * client, only the token used; "everywhere", every active token of the user.
 */
export function tokensToExpireOnLogout(input: {
  current: ActiveToken;
  everywhere: boolean;
  activeTokensOfUser: readonly ActiveToken[];
}): { tokenIds: string[]; reason: ExpiryReason } {
  const { current, everywhere, activeTokensOfUser } = input;
  if (everywhere) return { tokenIds: unique([current.tokenId, ...activeTokensOfUser.map((t) => t.tokenId)]), reason: 'logout_everywhere' };
  if (!singleTokenClientTypes.has(current.clientType)) return { tokenIds: [current.tokenId], reason: 'logout' };
  const sameType = activeTokensOfUser.filter((t) => t.clientType === current.clientType).map((t) => t.tokenId);
  return { tokenIds: unique([current.tokenId, ...sameType]), reason: 'logout' };
}

/** A new password revokes every active token of the user (whoever held the old one keeps nothing). */
export function tokensToRevokeOnPasswordChange(activeTokensOfUser: readonly ActiveToken[]): { tokenIds: string[]; reason: string } {
  return { tokenIds: unique(activeTokensOfUser.map((t) => t.tokenId)), reason: 'password_changed' };
}

/**
 * Deactivation revokes every active token of the user: revoked, not merely refused while inactive, so reactivating
 * the user revives none of them.
 */
export function tokensToRevokeOnDeactivation(activeTokensOfUser: readonly ActiveToken[]): { tokenIds: string[]; reason: string } {
  return { tokenIds: unique(activeTokensOfUser.map((t) => t.tokenId)), reason: 'user_deactivated' };
}

const unique = (ids: string[]) => [...new Set(ids)];
