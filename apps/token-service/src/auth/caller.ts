import { PermissionError, type Actor, type ClientType } from '@tessera/domain';

/**
 * Who is calling: the user whose token, or API key and secret, the call was authenticated with. The command handlers
 * decide with it; the transport only finds it (grpc/authentication.ts).
 */
export interface Caller {
  userId: string;
  username: string;
  roles: string[];
  /** The token's id, or the API key's. */
  tokenId: string;
  credential: Actor['credential'];
  clientType: ClientType;
  isAdmin: boolean;
  /** The token carries a policy: it was made to reach resources, not to manage credentials. */
  restricted: boolean;
}

/** The caller as the events it causes record it. */
export const actorOf = (caller: Caller): Actor => ({ user_id: caller.userId, credential: caller.credential, credential_id: caller.tokenId });

/**
 * A caller who may manage credentials and users. A token with a policy may not, whatever its user's role: otherwise
 * a read-only token could mint itself an unrestricted one, or change its user's password.
 */
export function requireUnrestricted(caller: Caller): Caller {
  if (caller.restricted) {
    throw new PermissionError('permission_denied', 'A token with a policy cannot manage tokens, users or API keys; use an unrestricted token.');
  }
  return caller;
}

export function requireAdmin(caller: Caller): void {
  if (!caller.isAdmin) throw new PermissionError('permission_denied', 'You do not have permission to perform this action.');
}

/** A user acts on itself; an admin on anyone. Empty means the caller. */
export function actingOn(caller: Caller, userId: string): string {
  if (userId === '' || userId === caller.userId) return caller.userId;
  requireAdmin(caller);
  return userId;
}
