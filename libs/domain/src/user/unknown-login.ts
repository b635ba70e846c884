import type { Decider } from '../shared/decider.ts';
import type { ClientType } from '../token/client-type.ts';

/**
 * A failed login for a name no user has. It is recorded as a known user's failure is (one event appended), so a
 * refusal costs the same work whether the account exists, and ops see guessing from an address even at names that
 * do not exist. The name itself is not kept: people type passwords into the username field.
 */
export interface UnknownLoginAttempt {
  client_type: ClientType;
  user_agent: string;
  ip: string;
  at: string;
}

export type UnknownLoginEvent = { type: 'UnknownLoginFailed'; data: UnknownLoginAttempt };
export type UnknownLoginCommand = { type: 'RecordUnknownLogin'; data: UnknownLoginAttempt };
export interface UnknownLoginState {
  recorded: boolean;
}

/** Each attempt is its own stream: there is no account whose history it belongs to. */
export const unknownLoginDecider: Decider<UnknownLoginCommand, UnknownLoginEvent, UnknownLoginState> = {
  decide: (command) => [{ type: 'UnknownLoginFailed', data: command.data }],
  evolve: () => ({ recorded: true }),
  initialState: () => ({ recorded: false }),
  stateVersion: 'unknown-login/1',
};
