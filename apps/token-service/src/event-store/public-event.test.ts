import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { publicData, toEnvelope } from './public-event.ts';

const at = '2026-11-22T10:00:00.000Z';
const actor = { user_id: 'usr_root', credential: 'token' as const, credential_id: 'tok_root' };
const attempt = { user_id: 'usr_ada', client_type: 'cli' as const, user_agent: 'cli|1.0', ip: '192.0.2.7', at };

describe('publicData: what of an event leaves the token service', () => {
  it("drops a registered user's password hash", () =>
    assert.deepEqual(
      publicData({
        type: 'UserRegistered',
        data: {
          user_id: 'usr_ada', username: 'ada', email: 'ada@example.com', first_name: 'Ada', last_name: 'L', roles: ['user'],
          password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', registered_at: at, actor,
        },
      }),
      { user_id: 'usr_ada', username: 'ada', email: 'ada@example.com', first_name: 'Ada', last_name: 'L', roles: ['user'], registered_at: at, actor },
    ));

  it("drops a changed password's hash", () =>
    assert.deepEqual(publicData({ type: 'PasswordChanged', data: { user_id: 'usr_ada', password_hash: '$argon2id$new', at, actor } }), { user_id: 'usr_ada', at, actor }));

  it("drops an issued token's digest and keeps its masked prefix", () =>
    assert.deepEqual(
      publicData({
        type: 'TokenIssued',
        data: {
          token_id: 'tok_1', user_id: 'usr_ada', client_type: 'cli', user_agent: 'cli|1.0', note: 'laptop', token_digest: 'ab'.repeat(32),
          masked: 'tst_abcd***', policy: null, created_at: at, expires_at: '2026-12-22T10:00:00.000Z',
        },
      }),
      {
        token_id: 'tok_1', user_id: 'usr_ada', client_type: 'cli', user_agent: 'cli|1.0', note: 'laptop', masked: 'tst_abcd***', policy: null,
        created_at: at, expires_at: '2026-12-22T10:00:00.000Z',
      },
    ));

  it("drops an API secret's digest, first generation and later ones alike", () => {
    const secret = { api_key: 'key_1', user_id: 'usr_ada', secret_digest: 'cd'.repeat(32), masked_secret: 'tst_0001***', at, actor };
    const published = { api_key: 'key_1', user_id: 'usr_ada', masked_secret: 'tst_0001***', at, actor };
    assert.deepEqual(publicData({ type: 'ApiKeyGenerated', data: secret }), published);
    assert.deepEqual(publicData({ type: 'ApiSecretRegenerated', data: secret }), published);
  });

  it('publishes the events that carry no secret whole', () => {
    const whole = [
      { type: 'LoginSucceeded', data: { ...attempt, token_id: 'tok_1' } },
      { type: 'LoginFailed', data: { ...attempt, reason: 'wrong_password' } },
      { type: 'UnknownLoginFailed', data: { client_type: 'cli', user_agent: 'cli|1.0', ip: '192.0.2.7', at } },
      { type: 'UserDeactivated', data: { user_id: 'usr_ada', reason: 'left', at, actor } },
      { type: 'UserReactivated', data: { user_id: 'usr_ada', at, actor } },
      { type: 'LoginLockoutLifted', data: { user_id: 'usr_ada', failures: 5, at, actor } },
      { type: 'TokenRevoked', data: { token_id: 'tok_1', user_id: 'usr_ada', reason: 'leaked', at, actor } },
      { type: 'TokenExpired', data: { token_id: 'tok_1', user_id: 'usr_ada', reason: 'logout', at } },
    ] as const;
    for (const event of whole) assert.deepEqual(publicData(event), event.data, event.type);
  });

  it("leaves the stored event as it was: the store still folds state from the digest", () => {
    const data = { user_id: 'usr_ada', password_hash: '$argon2id$new', at };
    publicData({ type: 'PasswordChanged', data });
    assert.deepEqual(data, { user_id: 'usr_ada', password_hash: '$argon2id$new', at });
  });

  it('an envelope carries the public data of its stored event', () =>
    assert.deepEqual(
      toEnvelope({
        eventId: '00000000-0000-4000-8000-000000000001', streamId: 'user-usr_ada', streamVersion: 3, globalPosition: '42', type: 'PasswordChanged',
        schemaVersion: 1, data: { user_id: 'usr_ada', password_hash: '$argon2id$new', at }, trace: {}, recordedAt: at,
      }),
      {
        event_id: '00000000-0000-4000-8000-000000000001', type: 'PasswordChanged', schema_version: 1, stream_id: 'user-usr_ada', stream_version: 3,
        global_position: '42', occurred_at: at, trace: {}, data: { user_id: 'usr_ada', at },
      },
    ));
});
