import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTokenServiceEvent } from './token-service-events.ts';

const envelope = (type: string, data: object, schema_version = 1) =>
  JSON.stringify({
    event_id: '5b0e7c51-9c3e-4d6c-8d2a-0f1f7c3e2a11', type, schema_version, stream_id: 'token-tok_1', stream_version: 2,
    global_position: '7', occurred_at: '2026-11-22T10:00:00.000Z', trace: {}, data,
  });
const revoked = { token_id: 'tok_1', user_id: 'usr_1', reason: 'leaked', at: '2026-11-22T10:00:00.000Z' };

describe('decodeTokenServiceEvent', () => {
  it('accepts an event whose data matches its type', () => {
    const result = decodeTokenServiceEvent(envelope('TokenRevoked', revoked));
    assert.ok(result.ok && result.event.type === 'TokenRevoked' && result.event.data.reason === 'leaked');
  });
  it('accepts the actor of an event a caller caused, and an event written before actors were recorded', () => {
    const actor = { user_id: 'usr_admin', credential: 'api_key', credential_id: 'key_admin' };
    const withActor = decodeTokenServiceEvent(envelope('TokenRevoked', { ...revoked, actor }));
    assert.ok(withActor.ok && withActor.event.type === 'TokenRevoked' && withActor.event.data.actor?.user_id === 'usr_admin');
    assert.equal(decodeTokenServiceEvent(envelope('UserDeactivated', { user_id: 'usr_1', reason: 'left', at: revoked.at })).ok, true);
  });
  it('refuses an actor with anything beside who and which credential', () => {
    const actor = { user_id: 'usr_admin', credential: 'token', credential_id: 'tok_admin', token: 'tst_secret' };
    assert.equal(decodeTokenServiceEvent(envelope('TokenRevoked', { ...revoked, actor })).ok, false);
    assert.equal(decodeTokenServiceEvent(envelope('TokenRevoked', { ...revoked, actor: { ...actor, token: undefined, credential: 'password' } })).ok, false);
  });
  it('accepts a lifted lockout only with the admin who lifted it, and the bootstrap as an actor', () => {
    const lifted = { user_id: 'usr_1', failures: 5, at: revoked.at };
    const actor = { user_id: 'usr_admin', credential: 'token', credential_id: 'tok_admin' };
    assert.deepEqual([envelope('LoginLockoutLifted', { ...lifted, actor }), envelope('LoginLockoutLifted', lifted)].map((raw) => decodeTokenServiceEvent(raw).ok), [true, false]);
    const bootstrap = { user_id: 'usr_1', credential: 'bootstrap', credential_id: 'start-up' };
    assert.equal(decodeTokenServiceEvent(envelope('UserReactivated', { user_id: 'usr_1', at: revoked.at, actor: bootstrap })).ok, true);
  });
  it('refuses a field that must never leave, by the closed schema', () => {
    const result = decodeTokenServiceEvent(envelope('PasswordChanged', { user_id: 'usr_1', at: '2026-11-22T10:00:00.000Z', password_hash: '$argon2id$' }));
    assert.equal(result.ok, false);
  });
  it('names an unknown type and an unknown schema version', () => {
    assert.deepEqual(decodeTokenServiceEvent(envelope('TokenStolen', {})), { ok: false, reason: 'unknown event type "TokenStolen"' });
    assert.deepEqual(decodeTokenServiceEvent(envelope('TokenRevoked', revoked, 2)), { ok: false, reason: 'unknown schema_version 2 of TokenRevoked' });
  });
  it('names the field that does not match', () => {
    const result = decodeTokenServiceEvent(envelope('TokenRevoked', { ...revoked, at: 'yesterday' }));
    assert.match(!result.ok ? result.reason : '', /TokenRevoked data does not match its schema: \/at/);
  });
});
