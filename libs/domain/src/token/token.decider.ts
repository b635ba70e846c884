import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error.ts';
import { actorField, type Actor } from '../shared/actor.ts';
import type { Decider } from '../shared/decider.ts';
import { evolveToken, initialTokenState, type ExpiryReason, type TokenEvent, type TokenState } from './token.ts';

type Issued = Extract<TokenEvent, { type: 'TokenIssued' }>['data'];

/** Commands carry `at`, the moment of the decision, which the events record. */
export type TokenCommand =
  | { type: 'IssueToken'; data: Omit<Issued, 'created_at'> & { at: string } }
  | { type: 'RevokeToken'; data: { token_id: string; reason: string; at: string; actor: Actor } }
  // No actor when a login supersedes a token: the service acts on the user's own behalf.
  | { type: 'ExpireToken'; data: { token_id: string; reason: ExpiryReason; at: string; actor?: Actor } };

function existing(state: TokenState): Exclude<TokenState, { status: 'none' }> {
  if (state.status === 'none') throw new NotFoundError('token_not_found', 'No such token.');
  return state;
}

const maxNoteLength = 255;
const maxReasonLength = 255;

function decideToken(command: TokenCommand, state: TokenState): TokenEvent[] {
  switch (command.type) {
    case 'IssueToken': {
      if (state.status !== 'none') throw new IllegalStateError('token_exists', 'This token was already issued.');
      const { at, ...token } = command.data;
      if (Date.parse(token.expires_at) <= Date.parse(at)) {
        throw new ValidationError('invalid_expiry', 'A token must expire after it is issued.');
      }
      if (token.note.length > maxNoteLength) throw new ValidationError('invalid_note', `note is at most ${maxNoteLength} characters.`);
      return [{ type: 'TokenIssued', data: { ...token, created_at: at } }];
    }
    case 'RevokeToken': {
      const token = existing(state);
      if (token.status === 'revoked') throw new IllegalStateError('token_revoked', 'This token is already revoked.');
      const reason = command.data.reason.trim();
      if (reason.length === 0 || reason.length > maxReasonLength) {
        throw new ValidationError('invalid_reason', `reason is 1 to ${maxReasonLength} characters saying why the token is revoked.`);
      }
      return [{ type: 'TokenRevoked', data: { token_id: token.tokenId, user_id: token.userId, reason, at: command.data.at, actor: command.data.actor } }];
    }
    case 'ExpireToken': {
      const token = existing(state);
      // Expiring is what a logout wants to be true afterwards, so a token that no longer works needs nothing.
      if (token.status === 'revoked' || Date.parse(token.expiresAt) <= Date.parse(command.data.at)) return [];
      const { reason, at, actor } = command.data;
      return [{ type: 'TokenExpired', data: { token_id: token.tokenId, user_id: token.userId, reason, at, ...actorField(actor) } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export const tokenDecider: Decider<TokenCommand, TokenEvent, TokenState> = { decide: decideToken, evolve: evolveToken, initialState: initialTokenState, stateVersion: 'token/1' };
