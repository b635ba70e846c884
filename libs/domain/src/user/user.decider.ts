import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { Decider } from '../shared/decider.ts';
import { isEmail, isUsername } from '../shared/identifiers.ts';
import { evolveUser, initialUserState, roles, type LoginAttempt, type UserEvent, type UserRegistration, type UserState } from './user.ts';

export type UserCommand =
  | { type: 'RegisterUser'; data: Omit<UserRegistration, 'registered_at'> & { at: string } }
  | { type: 'RecordLogin'; data: LoginAttempt & { password_matches: boolean; token_id: string } }
  /**
   * `active_admins`: how many active admins there are now, the target included. Whether the target is the last one
   * is a fact of every user's stream, so the handler reads it from the read model, under a lock that serialises
   * deactivations, and the decider decides with it.
   */
  | { type: 'DeactivateUser'; data: { user_id: string; reason: string; at: string; actor: Actor; active_admins: number } }
  | { type: 'ReactivateUser'; data: { user_id: string; at: string; actor: Actor } }
  | { type: 'ChangePassword'; data: { user_id: string; password_hash: string; at: string; actor: Actor } }
  /** `failures`: the failed logins counted against the user when the admin lifts the lockout (none: nothing to lift). */
  | { type: 'LiftLoginLockout'; data: { user_id: string; failures: number; at: string; actor: Actor } };

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
    case 'DeactivateUser': {
      const user = registered(state);
      if (user.status === 'inactive') return [];
      const { active_admins, ...deactivation } = command.data;
      // Without an active admin nobody can administer the installation, and only a restart with the bootstrap
      // settings brings one back: refused first, as it is the graver mistake, even when the admin is the caller.
      if (user.roles.includes('admin') && active_admins <= 1) {
        throw new IllegalStateError('last_active_admin', 'This is the last active admin: create or reactivate another admin first, then deactivate this one.');
      }
      if (deactivation.actor.user_id === deactivation.user_id) {
        throw new IllegalStateError('cannot_deactivate_self', 'You cannot deactivate yourself: ask another admin to do it.');
      }
      return [{ type: 'UserDeactivated', data: deactivation }];
    }
    case 'ReactivateUser':
      return registered(state).status === 'active' ? [] : [{ type: 'UserReactivated', data: command.data }];
    case 'ChangePassword':
      registered(state);
      return [{ type: 'PasswordChanged', data: command.data }];
    case 'LiftLoginLockout':
      registered(state);
      return command.data.failures === 0 ? [] : [{ type: 'LoginLockoutLifted', data: command.data }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = { decide: decideUser, evolve: evolveUser, initialState: initialUserState, stateVersion: 'user/1' };
