import { describe, it } from 'node:test';
import { IllegalStateError, ValidationError } from '../shared/domain-error.ts';
import { specification } from '../shared/decider-specification.ts';
import { tokenDecider, type TokenCommand } from './token.decider.ts';

const spec = specification(tokenDecider);
const token = {
  token_id: 'tok_1', user_id: 'usr_1', client_type: 'cli' as const, user_agent: 'cli|1.0', note: 'laptop',
  token_digest: 'ab'.repeat(32), masked: 'tst_abcd***', expires_at: '2026-12-22T10:00:00.000Z',
};
const issue: TokenCommand = { type: 'IssueToken', data: { ...token, at: '2026-11-22T10:00:00.000Z' } };
const issued = { type: 'TokenIssued' as const, data: { ...token, created_at: '2026-11-22T10:00:00.000Z' } };

describe('token: issue', () => {
  it('issues a token', () => spec.given([]).when(issue).then([issued]));
  it('refuses to issue the same token twice', () => spec.given([issued]).when(issue).thenThrows(IllegalStateError));
  it('refuses a token that expires before it is issued', () =>
    spec.given([]).when({ ...issue, data: { ...issue.data, expires_at: issue.data.at } }).thenThrows(ValidationError, /expire/));
});
