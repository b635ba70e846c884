import { describe, it } from 'node:test';
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
const deactivate: UserCommand = { type: 'DeactivateUser', data: { user_id: 'usr_1', reason: 'left the company', at, actor } };
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

describe('user: password change', () => {
  it('records the new digest, and who changed it', () =>
    spec.given([registered]).when(changePassword).then([{ type: 'PasswordChanged', data: { user_id: 'usr_1', password_hash: '$argon2id$new', at, actor } }]));
  it('refuses a user that does not exist', () => spec.given([]).when(changePassword).thenThrows(NotFoundError));
});
