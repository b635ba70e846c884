import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error.ts';
import type { Decider } from '../shared/decider.ts';
import { evolveUser, initialUserState, type LoginAttempt, type UserEvent, type UserRegistration, type UserState } from './user.ts';

export type UserCommand =
  | { type: 'RegisterUser'; data: Omit<UserRegistration, 'registered_at'> & { at: string } }
  | { type: 'RecordLogin'; data: LoginAttempt & { password_matches: boolean; token_id: string } };

const usernamePattern = /^[\w.@+-]{1,150}$/;
const emailPattern = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.status !== 'unregistered') throw new IllegalStateError('user_exists', 'This user is already registered.');
      const { at, ...user } = command.data;
      if (!usernamePattern.test(user.username)) {
        throw new ValidationError('invalid_username', 'A username is 1 to 150 letters, digits or . @ + - _ characters.');
      }
      if (!emailPattern.test(user.email)) throw new ValidationError('invalid_email', 'The email address is not valid.');
      return [{ type: 'UserRegistered', data: { ...user, registered_at: at } }];
    }
    case 'RecordLogin': {
      if (state.status === 'unregistered') throw new NotFoundError('user_not_found', 'No such user.');
      const { password_matches, token_id, ...attempt } = command.data;
      if (!password_matches) return [{ type: 'LoginFailed', data: { ...attempt, reason: 'wrong_password' } }];
      if (state.status === 'inactive') return [{ type: 'LoginFailed', data: { ...attempt, reason: 'user_inactive' } }];
      return [{ type: 'LoginSucceeded', data: { ...attempt, token_id } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
};
