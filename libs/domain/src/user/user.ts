import type { Actor } from '../shared/actor.ts';
import type { ClientType } from '../token/client-type.ts';

/** Events of a user's stream. `password_hash` is an argon2id digest; it never leaves the token service's store. */
export type UserEvent =
  | { type: 'UserRegistered'; data: UserRegistration }
  | { type: 'UserDeactivated'; data: { user_id: string; reason: string; at: string; actor?: Actor } }
  | { type: 'UserReactivated'; data: { user_id: string; at: string; actor?: Actor } }
  | { type: 'PasswordChanged'; data: { user_id: string; password_hash: string; at: string; actor?: Actor } }
  | { type: 'LoginSucceeded'; data: LoginAttempt & { token_id: string } }
  | { type: 'LoginFailed'; data: LoginAttempt & { reason: 'wrong_password' | 'user_inactive' } }
  | { type: 'LoginLockoutLifted'; data: { user_id: string; failures: number; at: string; actor: Actor } };

export const roles = ['admin', 'user'] as const;

export interface UserRegistration {
  user_id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  roles: string[];
  password_hash: string;
  registered_at: string;
  /** None for the bootstrap admin, made by the service itself. */
  actor?: Actor;
}

export interface LoginAttempt {
  user_id: string;
  client_type: ClientType;
  user_agent: string;
  ip: string;
  at: string;
}

/** Kept as a JSON snapshot: a change here or in `evolveUser` bumps `userDecider.stateVersion` (state-versions.test.ts). */
export type UserState =
  | { status: 'unregistered' }
  | { status: 'active' | 'inactive'; userId: string; username: string; roles: string[] };

export const initialUserState = (): UserState => ({ status: 'unregistered' });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'active', userId: event.data.user_id, username: event.data.username, roles: event.data.roles };
    case 'UserDeactivated':
      return state.status === 'unregistered' ? state : { ...state, status: 'inactive' };
    case 'UserReactivated':
      return state.status === 'unregistered' ? state : { ...state, status: 'active' };
    case 'PasswordChanged':
    case 'LoginSucceeded':
    case 'LoginFailed':
    case 'LoginLockoutLifted':
      return state;
  }
}
