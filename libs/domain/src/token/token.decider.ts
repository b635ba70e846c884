import { IllegalStateError, ValidationError } from '../shared/domain-error.ts';
import type { Decider } from '../shared/decider.ts';
import { evolveToken, initialTokenState, type TokenEvent, type TokenState } from './token.ts';

/** The command carries what the event records, with `at` (the moment of the decision) instead of `created_at`. */
export type TokenCommand = {
  type: 'IssueToken';
  data: Omit<Extract<TokenEvent, { type: 'TokenIssued' }>['data'], 'created_at'> & { at: string };
};

export function decideToken(command: TokenCommand, state: TokenState): TokenEvent[] {
  switch (command.type) {
    case 'IssueToken': {
      if (state.status !== 'none') throw new IllegalStateError('token_exists', 'This token was already issued.');
      const { at, ...token } = command.data;
      if (Date.parse(token.expires_at) <= Date.parse(at)) {
        throw new ValidationError('invalid_expiry', 'A token must expire after it is issued.');
      }
      return [{ type: 'TokenIssued', data: { ...token, created_at: at } }];
    }
    default: {
      const _exhaustive: never = command.type;
      return _exhaustive;
    }
  }
}

export const tokenDecider: Decider<TokenCommand, TokenEvent, TokenState> = {
  decide: decideToken,
  evolve: evolveToken,
  initialState: initialTokenState,
};
