import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error.ts';
import { specification } from '../testing.ts';
import { userDecider, type UserCommand } from './user.decider.ts';
import type { UserEvent } from './user.ts';

const spec = specification(userDecider);
const at = '2026-11-22T10:00:00.000Z';
const registration = {
  user_id: 'usr_1', username: 'Ada', email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace',
  roles: ['admin'], password_hash: '$argon2id$...',
};
const registered: UserEvent = { type: 'UserRegistered', data: { ...registration, registered_at: at } };
const register: UserCommand = { type: 'RegisterUser', data: { ...registration, at } };
const registerWith = (changes: Partial<typeof registration>): UserCommand => ({ type: 'RegisterUser', data: { ...registration, ...changes, at } });
const attempt = { user_id: 'usr_1', client_type: 'cli' as const, user_agent: 'cli|1.0', ip: '127.0.0.1', at };
const login = (password_matches: boolean): UserCommand => ({ type: 'RecordLogin', data: { ...attempt, password_matches, token_id: 'tok_1' } });
// Another admin, acting with one of its tokens: what every event an admin causes must name.
const actor = { user_id: 'usr_admin', credential: 'token' as const, credential_id: 'tok_admin' };
const deactivation = { user_id: 'usr_1', reason: 'left the company', at, actor, active_admins: 2 };
const deactivate: UserCommand = { type: 'DeactivateUser', data: deactivation };
const deactivateWith = (changes: Partial<typeof deactivation>): UserCommand => ({ type: 'DeactivateUser', data: { ...deactivation, ...changes } });
const asSelf = { user_id: 'usr_1', credential: 'token' as const, credential_id: 'tok_own' };
const registeredUser: UserEvent = { type: 'UserRegistered', data: { ...registration, roles: ['user'], registered_at: at } };
const liftLockout = (failures: number): UserCommand => ({ type: 'LiftLoginLockout', data: { user_id: 'usr_1', failures, at, actor } });
const deactivated: UserEvent = { type: 'UserDeactivated', data: { user_id: 'usr_1', reason: 'left the company', at, actor } };
const reactivate: UserCommand = { type: 'ReactivateUser', data: { user_id: 'usr_1', at, actor } };
const reactivated: UserEvent = { type: 'UserReactivated', data: { user_id: 'usr_1', at, actor } };
const changePassword: UserCommand = { type: 'ChangePassword', data: { user_id: 'usr_1', password_hash: '$argon2id$new', at, actor } };

describe('user: registration', () => {
  it('registers a new user', () => spec.given([]).when(register).then([registered]));
  it('records the admin who registered the user', () =>
    spec.given([]).when({ type: 'RegisterUser', data: { ...registration, at, actor } }).then([{ type: 'UserRegistered', data: { ...registration, registered_at: at, actor } }]));
  it('refuses to register the same user twice', () => spec.given([registered]).when(register).thenThrows(IllegalStateError));
  it('refuses a malformed username', () => spec.given([]).when(registerWith({ username: 'has space' })).thenThrows(ValidationError, /username/));
  it('refuses a malformed email', () => spec.given([]).when(registerWith({ email: 'nope' })).thenThrows(ValidationError, /email/));
  it('refuses an unknown role', () => spec.given([]).when(registerWith({ roles: ['root'] })).thenThrows(ValidationError, /admin, user/));
  it('refuses no role and a repeated role', () => {
    spec.given([]).when(registerWith({ roles: [] })).thenThrows(ValidationError, /roles/);
    spec.given([]).when(registerWith({ roles: ['user', 'user'] })).thenThrows(ValidationError, /roles/);
  });
});

describe('user: login', () => {
  it('succeeds with the right password', () =>
    spec.given([registered]).when(login(true)).then([{ type: 'LoginSucceeded', data: { ...attempt, token_id: 'tok_1' } }]));
  it('fails with the wrong password, as an event', () =>
    spec.given([registered]).when(login(false)).then([{ type: 'LoginFailed', data: { ...attempt, reason: 'wrong_password' } }]));
  it('fails for an inactive user even with the right password', () =>
    spec.given([registered, deactivated]).when(login(true)).then([{ type: 'LoginFailed', data: { ...attempt, reason: 'user_inactive' } }]));
  it('succeeds again once the user is reactivated', () =>
    spec.given([registered, deactivated, reactivated]).when(login(true)).then([{ type: 'LoginSucceeded', data: { ...attempt, token_id: 'tok_1' } }]));
  it('is refused for a user that does not exist', () => spec.given([]).when(login(true)).thenThrows(NotFoundError));
});

describe('user: deactivation and reactivation', () => {
  it('deactivates an active user with a reason, naming the admin who did', () => spec.given([registered]).when(deactivate).then([deactivated]));
  it('reads a deactivation recorded before actors were', () =>
    spec.given([registered, { type: 'UserDeactivated', data: { user_id: 'usr_1', reason: 'left the company', at } }]).when(reactivate).then([reactivated]));
  it('deactivating an inactive user changes nothing', () => spec.given([registered, deactivated]).when(deactivate).then([]));
  it('reactivates an inactive user', () => spec.given([registered, deactivated]).when(reactivate).then([reactivated]));
  it('reactivating an active user changes nothing', () => spec.given([registered]).when(reactivate).then([]));
  it('refuses a user that does not exist', () => {
    spec.given([]).when(deactivate).thenThrows(NotFoundError);
    spec.given([]).when(reactivate).thenThrows(NotFoundError);
  });
});

describe('user: the last active admin, and oneself', () => {
  it('deactivates an admin while another active admin remains', () => spec.given([registered]).when(deactivateWith({ active_admins: 2 })).then([deactivated]));
  it('refuses to deactivate the last active admin, saying what to do', () =>
    spec.given([registered]).when(deactivateWith({ active_admins: 1 })).thenThrows(IllegalStateError, /last active admin: create or reactivate another admin first/));
  it('refuses the last active admin deactivating itself as the last admin, the graver of the two mistakes', () =>
    spec.given([registered]).when(deactivateWith({ active_admins: 1, actor: asSelf })).thenThrows(IllegalStateError, /last active admin/));
  it('refuses an admin deactivating itself even while other admins remain', () =>
    spec.given([registered]).when(deactivateWith({ active_admins: 3, actor: asSelf })).thenThrows(IllegalStateError, /cannot deactivate yourself: ask another admin/));
  it('deactivates a user who is not an admin whatever the count of admins', () =>
    spec.given([registeredUser]).when(deactivateWith({ active_admins: 1 })).then([deactivated]));
  it('an inactive admin is already what was asked, so the count does not matter', () =>
    spec.given([registered, deactivated]).when(deactivateWith({ active_admins: 0 })).then([]));
  it('the refusals carry codes clients branch on', () => {
    const codeOf = (command: UserCommand) => {
      try {
        userDecider.decide(command, userDecider.evolve(userDecider.initialState(), registered));
      } catch (error) {
        return (error as IllegalStateError).code;
      }
      return undefined;
    };
    assert.deepEqual([codeOf(deactivateWith({ active_admins: 1 })), codeOf(deactivateWith({ actor: asSelf }))], ['last_active_admin', 'cannot_deactivate_self']);
  });
});

describe('user: lifting a login lockout', () => {
  it('records the lift, the failures it forgave and the admin who lifted it', () =>
    spec.given([registered]).when(liftLockout(5)).then([{ type: 'LoginLockoutLifted', data: { user_id: 'usr_1', failures: 5, at, actor } }]));
  it('with no failure counted there is nothing to lift, and nothing is recorded', () => spec.given([registered]).when(liftLockout(0)).then([]));
  it("lifts an inactive user's lockout too, so it does not outlast a reactivation", () =>
    spec.given([registered, deactivated]).when(liftLockout(2)).then([{ type: 'LoginLockoutLifted', data: { user_id: 'usr_1', failures: 2, at, actor } }]));
  it('refuses a user that does not exist', () => spec.given([]).when(liftLockout(1)).thenThrows(NotFoundError));
});

describe('user: password change', () => {
  it('records the new digest, and who changed it', () =>
    spec.given([registered]).when(changePassword).then([{ type: 'PasswordChanged', data: { user_id: 'usr_1', password_hash: '$argon2id$new', at, actor } }]));
  it('refuses a user that does not exist', () => spec.given([]).when(changePassword).thenThrows(NotFoundError));
});
