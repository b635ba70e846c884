import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refusalMessage, verdictFor, type CredentialFacts } from './verdict.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const live: CredentialFacts = { userActive: true, expiresAt: '2026-11-22T10:00:00.001Z', revoked: false };

describe('verdict', () => {
  it('is NOT_FOUND for a credential that was not found', () => assert.equal(verdictFor(undefined, now), 'NOT_FOUND'));
  it('is VALID for a live token of an active user', () => assert.equal(verdictFor(live, now), 'VALID'));
  it('is VALID for an API key, which does not expire', () => assert.equal(verdictFor({ ...live, expiresAt: null }, now), 'VALID'));
  it('is EXPIRED from the exact moment of expiry', () => assert.equal(verdictFor({ ...live, expiresAt: now.toISOString() }, now), 'EXPIRED'));
  it('is REVOKED for a revoked token, even before its expiry', () => assert.equal(verdictFor({ ...live, revoked: true }, now), 'REVOKED'));
  it('is USER_INACTIVE for an inactive user, whatever the token', () =>
    assert.equal(verdictFor({ userActive: false, expiresAt: '2020-01-01T00:00:00Z', revoked: true }, now), 'USER_INACTIVE'));
});

describe('refusal messages (QFieldCloud)', () => {
  it('tells expired and inactive apart, and says nothing more about the rest', () => {
    assert.equal(refusalMessage('EXPIRED'), 'Token has expired.');
    assert.equal(refusalMessage('USER_INACTIVE'), 'User inactive or deleted.');
    for (const code of ['NOT_FOUND', 'MALFORMED', 'REVOKED']) assert.equal(refusalMessage(code), 'Invalid token.');
  });
});
