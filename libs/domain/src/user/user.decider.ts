import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { Decider } from '../shared/decider.ts';
import { isEmail, isUsername } from '../shared/identifiers.ts';
import { evolveUser, initialUserState, roles, type LoginAttempt, type UserEvent, type UserRegistration, type UserState } from './user.ts';

export type UserCommand =
  | { type: 'RegisterUser'; data: Omit<UserRegistration, 'registered_at'> & { at: string } }
  | { type: 'RecordLogin'; data: LoginAttempt & { password_matches: boolean; token_id: string } }
  | { type: 'DeactivateUser'; data: { user_id: string; reason: string; at: string; actor: Actor } }
  | { type: 'ReactivateUser'; data: { user_id: string; at: string; actor: Actor } }
  | { type: 'ChangePassword'; data: { user_id: string; password_hash: string; at: string; actor: Actor } };

function registered(state: UserState): Exclude<UserState, { status: 'unregistered' }> {
  if (state.status === 'unregistered') throw new NotFoundError('user_not_found', 'No such user.');
  return state;
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.status !== 'unregistered') throw new IllegalStateError('user_exists', 'This user is already registered.');
      const { at, ...user } = command.data;
      if (!isUsername(user.username)) {
        throw new ValidationError('invalid_username', 'A username is 1 to 150 letters, digits or . @ + - _ characters.');
      }
      if (!isEmail(user.email)) throw new ValidationError('invalid_email', 'The email address is not valid.');
      const unknownRole = user.roles.find((role) => !(roles as readonly string[]).includes(role));
      if (user.roles.length === 0 || unknownRole !== undefined || new Set(user.roles).size !== user.roles.length) {
        throw new ValidationError('invalid_role', `roles is a list of distinct roles from: ${roles.join(', ')}.`);
      }
      return [{ type: 'UserRegistered', data: { ...user, registered_at: at } }];
    }
    case 'RecordLogin': {
      registered(state);
      const { password_matches, token_id, ...attempt } = command.data;
      if (!password_matches) return [{ type: 'LoginFailed', data: { ...attempt, reason: 'wrong_password' } }];
      if (state.status === 'inactive') return [{ type: 'LoginFailed', data: { ...attempt, reason: 'user_inactive' } }];
      return [{ type: 'LoginSucceeded', data: { ...attempt, token_id } }];
    }
    // Deactivation and reactivation say what must be true afterwards, so asking twice changes nothing.
    case 'DeactivateUser':
      return registered(state).status === 'inactive' ? [] : [{ type: 'UserDeactivated', data: command.data }];
    case 'ReactivateUser':
      return registered(state).status === 'active' ? [] : [{ type: 'UserReactivated', data: command.data }];
    case 'ChangePassword':
      registered(state);
      return [{ type: 'PasswordChanged', data: command.data }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = { decide: decideUser, evolve: evolveUser, initialState: initialUserState, stateVersion: 'user/1' };
