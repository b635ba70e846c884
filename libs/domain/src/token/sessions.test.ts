import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tokensToExpireOnLogin, tokensToExpireOnLogout, tokensToRevokeOnDeactivation, tokensToRevokeOnPasswordChange, type ActiveToken } from './sessions.ts';

const active: ActiveToken[] = [
  { tokenId: 'tok_qfield_1', clientType: 'qfield' },
  { tokenId: 'tok_qfield_2', clientType: 'qfield' },
  { tokenId: 'tok_cli_1', clientType: 'cli' },
  { tokenId: 'tok_cli_2', clientType: 'cli' },
  { tokenId: 'tok_unknown', clientType: 'unknown' },
  { tokenId: 'tok_qfieldsync', clientType: 'qfieldsync' },
  { tokenId: 'tok_browser', clientType: 'browser' },
];

describe('login of a single-token client type', () => {
  const expected = {
    qfield: ['tok_qfield_1', 'tok_qfield_2'],
    qfieldsync: ['tok_qfieldsync'],
    unknown: ['tok_unknown'],
  } as const;
  for (const [clientType, tokenIds] of Object.entries(expected) as [keyof typeof expected, readonly string[]][]) {
    it(`${clientType}: expires the user's other active tokens of that type, and only those`, () =>
      assert.deepEqual(tokensToExpireOnLogin(clientType, active), tokenIds));
  }
  it('of a type the user holds no token of expires nothing', () =>
    assert.deepEqual(tokensToExpireOnLogin('qfieldsync', active.filter((t) => t.clientType !== 'qfieldsync')), []));
});

describe('login of a multi-token client type', () => {
  for (const clientType of ['sdk', 'cli', 'browser', 'worker'] as const) {
    it(`${clientType}: keeps every other token`, () => assert.deepEqual(tokensToExpireOnLogin(clientType, active), []));
  }
});

describe('logout', () => {
  it('from a multi-token client expires only the token used', () =>
    assert.deepEqual(tokensToExpireOnLogout({ current: active[2]!, everywhere: false, activeTokensOfUser: active }), { tokenIds: ['tok_cli_1'], reason: 'logout' }));
  it('from a single-token client expires every active token of its type', () =>
    assert.deepEqual(tokensToExpireOnLogout({ current: active[1]!, everywhere: false, activeTokensOfUser: active }), {
      tokenIds: ['tok_qfield_2', 'tok_qfield_1'],
      reason: 'logout',
    }));
  it('"everywhere" expires every active token of the user', () =>
    assert.deepEqual(tokensToExpireOnLogout({ current: active[2]!, everywhere: true, activeTokensOfUser: active }), {
      tokenIds: ['tok_cli_1', 'tok_qfield_1', 'tok_qfield_2', 'tok_cli_2', 'tok_unknown', 'tok_qfieldsync', 'tok_browser'],
      reason: 'logout_everywhere',
    }));
});

describe('password change', () => {
  it('revokes every active token of the user, of every client type', () =>
    assert.deepEqual(tokensToRevokeOnPasswordChange(active), { tokenIds: ['tok_qfield_1', 'tok_qfield_2', 'tok_cli_1', 'tok_cli_2', 'tok_unknown', 'tok_qfieldsync', 'tok_browser'], reason: 'password_changed' }));
});

describe('deactivation', () => {
  it('revokes every active token of the user, sessions and named tokens alike, so reactivation revives none', () =>
    assert.deepEqual(tokensToRevokeOnDeactivation(active), { tokenIds: ['tok_qfield_1', 'tok_qfield_2', 'tok_cli_1', 'tok_cli_2', 'tok_unknown', 'tok_qfieldsync', 'tok_browser'], reason: 'user_deactivated' }));
});
