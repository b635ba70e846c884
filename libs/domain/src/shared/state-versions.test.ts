import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyDecider } from '../api-key/api-key.decider.ts';
import { tokenDecider } from '../token/token.decider.ts';
import { unknownLoginDecider } from '../user/unknown-login.ts';
import { userDecider } from '../user/user.decider.ts';
import { foldEvents, type Decider } from './decider.ts';

/**
 * The event store keeps each decider's state as a JSON snapshot under its `stateVersion`. A snapshot of an old shape
 * read as the new one would decide on wrong state, so this pins, per decider, the name and what a fold produces. When
 * a pin breaks, the state or `evolve` changed: bump the decider's `stateVersion` (old snapshots are then ignored) and
 * update the pin here.
 */
const at = '2026-11-22T10:00:00.000Z';
const attempt = { user_id: 'usr_1', client_type: 'cli' as const, user_agent: 'cli|1.0', ip: '127.0.0.1', at };

const pins = [
  {
    decider: userDecider,
    stateVersion: 'user/1',
    events: [
      { type: 'UserRegistered', data: { user_id: 'usr_1', username: 'ada', email: 'a@b.c', first_name: 'A', last_name: 'L', roles: ['admin'], password_hash: 'h', registered_at: at } },
      { type: 'LoginSucceeded', data: { ...attempt, token_id: 'tok_1' } },
      { type: 'LoginFailed', data: { ...attempt, reason: 'wrong_password' } },
      { type: 'PasswordChanged', data: { user_id: 'usr_1', password_hash: 'h2', at } },
      { type: 'LoginLockoutLifted', data: { user_id: 'usr_1', failures: 5, at, actor: { user_id: 'usr_2', credential: 'token', credential_id: 'tok_2' } } },
      { type: 'UserDeactivated', data: { user_id: 'usr_1', reason: 'left', at } },
    ],
    state: { status: 'inactive', userId: 'usr_1', username: 'ada', roles: ['admin'] },
  },
  {
    decider: tokenDecider,
    stateVersion: 'token/1',
    events: [
      {
        type: 'TokenIssued',
        data: {
          token_id: 'tok_1', user_id: 'usr_1', client_type: 'cli', user_agent: 'cli|1.0', note: '', token_digest: 'd', masked: 'm',
          policy: null, created_at: at, expires_at: '2026-12-22T10:00:00.000Z',
        },
      },
      { type: 'TokenExpired', data: { token_id: 'tok_1', user_id: 'usr_1', reason: 'logout', at } },
      { type: 'TokenRevoked', data: { token_id: 'tok_1', user_id: 'usr_1', reason: 'leaked', at } },
    ],
    state: { status: 'revoked', tokenId: 'tok_1', userId: 'usr_1', clientType: 'cli', expiresAt: at },
  },
  {
    decider: apiKeyDecider,
    stateVersion: 'api-key/1',
    events: [
      { type: 'ApiKeyGenerated', data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'd1', masked_secret: 'm1', at } },
      { type: 'ApiSecretRegenerated', data: { api_key: 'key_1', user_id: 'usr_1', secret_digest: 'd2', masked_secret: 'm2', at } },
    ],
    state: { status: 'issued', apiKey: 'key_1', userId: 'usr_1' },
  },
  {
    decider: unknownLoginDecider,
    stateVersion: 'unknown-login/1',
    events: [{ type: 'UnknownLoginFailed', data: { client_type: 'cli', user_agent: 'cli|1.0', ip: '127.0.0.1', at } }],
    state: { recorded: true },
  },
] as const;

describe('snapshot state versions', () => {
  for (const pin of pins) {
    const decider = pin.decider as unknown as Decider<never, unknown, unknown>;
    it(`${pin.stateVersion}: the fold is pinned; a change to it bumps the decider's stateVersion`, () => {
      assert.equal(decider.stateVersion, pin.stateVersion);
      const state = foldEvents(decider, pin.events);
      assert.deepEqual(state, pin.state, `${pin.stateVersion} folds differently now: bump its stateVersion and update this pin`);
      assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
    });
    it(`${pin.stateVersion}: folding the tail from a snapshot of any prefix equals the full fold`, () => {
      const full = foldEvents(decider, pin.events);
      for (let cut = 0; cut <= pin.events.length; cut++) {
        const snapshot = JSON.parse(JSON.stringify(foldEvents(decider, pin.events.slice(0, cut))));
        assert.deepEqual(foldEvents(decider, pin.events.slice(cut), snapshot), full, `snapshot after ${cut} events`);
      }
    });
  }
  it('names are distinct, so two deciders never read each other\'s snapshots', () => {
    assert.equal(new Set(pins.map((pin) => pin.decider.stateVersion)).size, pins.length);
  });
});
