import { describe, it } from 'node:test';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error.ts';
import { specification } from '../testing.ts';
import { tokenDecider, type TokenCommand } from './token.decider.ts';
import type { TokenEvent } from './token.ts';

const spec = specification(tokenDecider);
const issuedAt = '2026-11-22T10:00:00.000Z';
const later = '2026-11-23T10:00:00.000Z';
const expiresAt = '2026-12-22T10:00:00.000Z';
const token = {
  token_id: 'tok_1', user_id: 'usr_1', client_type: 'cli' as const, user_agent: 'cli|1.0', note: 'laptop',
  token_digest: 'ab'.repeat(32), masked: 'tst_abcd***', expires_at: expiresAt,
  policy: { resources: { '*': { allow: ['GET'], block: [] } } },
};
const issue: TokenCommand = { type: 'IssueToken', data: { ...token, at: issuedAt } };
const issued: TokenEvent = { type: 'TokenIssued', data: { ...token, created_at: issuedAt } };
// An admin revoking another user's token, with an API key: the event must say so.
const admin = { user_id: 'usr_admin', credential: 'api_key' as const, credential_id: 'key_admin' };
const owner = { user_id: 'usr_1', credential: 'token' as const, credential_id: 'tok_1' };
const revoke = (reason = 'leaked in a log', at = later): TokenCommand => ({ type: 'RevokeToken', data: { token_id: 'tok_1', reason, at, actor: admin } });
const revoked: TokenEvent = { type: 'TokenRevoked', data: { token_id: 'tok_1', user_id: 'usr_1', reason: 'leaked in a log', at: later, actor: admin } };
const expire = (at = later): TokenCommand => ({ type: 'ExpireToken', data: { token_id: 'tok_1', reason: 'logout', at, actor: owner } });
const expired: TokenEvent = { type: 'TokenExpired', data: { token_id: 'tok_1', user_id: 'usr_1', reason: 'logout', at: later, actor: owner } };

describe('token: issue', () => {
  it('issues a token with its policy', () => spec.given([]).when(issue).then([issued]));
  it('records the admin who issued a token for another user', () =>
    spec.given([]).when({ type: 'IssueToken', data: { ...token, at: issuedAt, actor: admin } }).then([{ type: 'TokenIssued', data: { ...token, created_at: issuedAt, actor: admin } }]));
  it('refuses to issue the same token twice', () => spec.given([issued]).when(issue).thenThrows(IllegalStateError));
  it('refuses a token that expires before it is issued', () =>
    spec.given([]).when({ type: 'IssueToken', data: { ...token, expires_at: issuedAt, at: issuedAt } }).thenThrows(ValidationError, /expire/));
  it('refuses a note longer than 255 characters', () =>
    spec.given([]).when({ type: 'IssueToken', data: { ...token, note: 'x'.repeat(256), at: issuedAt } }).thenThrows(ValidationError, /note/));
});

describe('token: revoke with a reason (Djblets: valid=false, invalid_reason, invalid_date)', () => {
  it('revokes an active token, recording why, when and who', () => spec.given([issued]).when(revoke()).then([revoked]));
  it('revokes an expired token too, so its history says why it must never come back', () =>
    spec.given([issued, expired]).when(revoke()).then([revoked]));
  it('refuses to revoke a token twice', () => spec.given([issued, revoked]).when(revoke()).thenThrows(IllegalStateError, /already revoked/));
  it('refuses a token that does not exist', () => spec.given([]).when(revoke()).thenThrows(NotFoundError));
  it('refuses an empty reason', () => spec.given([issued]).when(revoke('  ')).thenThrows(ValidationError, /reason/));
  it('trims the reason', () => spec.given([issued]).when(revoke('  leaked in a log ')).then([revoked]));
});

describe('token: soft expiry (logout, supersession)', () => {
  it('expires an active token now, keeping it, naming who logged out', () => spec.given([issued]).when(expire()).then([expired]));
  it('records no actor when a login supersedes the token', () =>
    spec.given([issued]).when({ type: 'ExpireToken', data: { token_id: 'tok_1', reason: 'superseded', at: later } }).then([
      { type: 'TokenExpired', data: { token_id: 'tok_1', user_id: 'usr_1', reason: 'superseded', at: later } },
    ]));
  it('does nothing to a token that is already expired by logout', () => spec.given([issued, expired]).when(expire()).then([]));
  it('does nothing to a token past its expiry', () => spec.given([issued]).when(expire('2027-01-01T00:00:00.000Z')).then([]));
  it('does nothing to a revoked token', () => spec.given([issued, revoked]).when(expire()).then([]));
  it('refuses a token that does not exist', () => spec.given([]).when(expire()).thenThrows(NotFoundError));
});
