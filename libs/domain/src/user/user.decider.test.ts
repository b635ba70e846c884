import { describe, it } from 'node:test';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error.ts';
import { specification } from '../shared/decider-specification.ts';
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
const attempt = { user_id: 'usr_1', client_type: 'cli' as const, user_agent: 'cli|1.0', ip: '127.0.0.1', at };
const login = (password_matches: boolean): UserCommand => ({
  type: 'RecordLogin',
  data: { ...attempt, password_matches, token_id: 'tok_1' },
});

describe('user: registration', () => {
  it('registers a new user', () => spec.given([]).when(register).then([registered]));
  it('refuses to register the same user twice', () => spec.given([registered]).when(register).thenThrows(IllegalStateError));
  it('refuses a malformed username', () =>
    spec.given([]).when({ ...register, data: { ...register.data, username: 'has space' } }).thenThrows(ValidationError, /username/));
  it('refuses a malformed email', () =>
    spec.given([]).when({ ...register, data: { ...register.data, email: 'nope' } }).thenThrows(ValidationError, /email/));
});

describe('user: login', () => {
  it('succeeds with the right password', () =>
    spec.given([registered]).when(login(true)).then([{ type: 'LoginSucceeded', data: { ...attempt, token_id: 'tok_1' } }]));
  it('fails with the wrong password, as an event', () =>
    spec.given([registered]).when(login(false)).then([{ type: 'LoginFailed', data: { ...attempt, reason: 'wrong_password' } }]));
  it('is refused for a user that does not exist', () => spec.given([]).when(login(true)).thenThrows(NotFoundError));
});
