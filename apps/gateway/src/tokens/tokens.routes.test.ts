import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Token__Output } from '@tessera/contracts';
import type { LastUsed, TokenActivityClient } from '../audit/token-activity.client.ts';
import { aliceToken, fakeTokenService, validVerdict } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

const tokenService = fakeTokenService();
/** What the audit service answers for the test under way: undefined while it is away. */
let activity: LastUsed | undefined;
const tokenActivity: TokenActivityClient = { lastUsed: async () => activity };
const app = await gatewayUnderTest({ after }, { tokenService, tokenActivity, env: { TOKEN_MAX_TTL_HOURS: '24' } });
const signedIn = { authorization: 'Token tst_alice' };

const revokedToken: Token__Output = {
  ...aliceToken,
  id: 'tok_alice2',
  note: 'old phone',
  valid: false,
  invalid_reason: 'revoked by its owner',
  invalid_date: '2026-03-04T05:06:07.000Z',
  policy: '{"resources": {"*": {"allow": ["GET"]}}}',
};

const viewOfCurrent = {
  id: 'tok_alice1',
  user_id: 'usr_alice',
  client_type: 'cli',
  note: 'laptop',
  masked: 'tst_abcd…',
  created_at: '2026-01-02T03:04:05.000Z',
  expires_at: '2099-01-02T03:04:05.000Z',
  last_used_at: '2026-11-28T12:00:00.000Z',
  valid: true,
  invalid_reason: null,
  invalid_date: null,
  policy: null,
  current: true,
};

describe("the signed-in user's tokens", () => {
  it('lists them with when each was last used, which is the current one, and each policy as an object', async () => {
    activity = new Map([['tok_alice1', '2026-11-28T12:00:00.000Z'], ['tok_alice2', null]]);
    tokenService.answer({ validate: async () => validVerdict(), listTokens: async () => ({ tokens: [aliceToken, revokedToken] }) });
    const response = await app.inject({ url: '/api/v1/auth/tokens/?include_invalid=true', headers: signedIn });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), [
      viewOfCurrent,
      {
        ...viewOfCurrent,
        id: 'tok_alice2',
        note: 'old phone',
        last_used_at: null,
        valid: false,
        invalid_reason: 'revoked by its owner',
        invalid_date: '2026-03-04T05:06:07.000Z',
        policy: { resources: { '*': { allow: ['GET'] } } },
        current: false,
      },
    ]);
    assert.deepEqual(tokenService.calls[1]!.args[1], { include_invalid: true });
  });

  it('lists only valid ones unless asked, and shows last use as unknown while the audit service is away', async () => {
    activity = undefined;
    tokenService.answer({ validate: async () => validVerdict(), listTokens: async () => ({ tokens: [aliceToken] }) });
    const response = await app.inject({ url: '/api/v1/auth/tokens/', headers: signedIn });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), [{ ...viewOfCurrent, last_used_at: 'unknown' }]);
    assert.deepEqual(tokenService.calls[1]!.args[1], { include_invalid: false });
  });

  it('creates a named token, passing what the client left out as the token service defaults', async () => {
    const issued = { id: 'tok_new', token: 'tst_new-token', masked: 'tst_new-…', client_type: 'cli', created_at: '2026-11-29T10:00:00.000Z', expires_at: '2026-11-30T10:00:00.000Z' };
    tokenService.answer({ validate: async () => validVerdict(), issueToken: async () => ({ token: issued, user: null }) });
    const plain = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/', headers: signedIn, payload: { note: 'ci' } });
    assert.equal(plain.statusCode, 201);
    assert.deepEqual(plain.json(), { ...issued, note: 'ci' });
    const narrowed = { note: 'reader', expires_in_seconds: 3600, policy: { resources: { '*': { allow: ['get'] } } }, client_type: 'browser' };
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/', headers: signedIn, payload: narrowed })).statusCode, 201);
    const issues = tokenService.calls.filter(({ method }) => method === 'issueToken').map(({ args }) => args[1]);
    assert.deepEqual(issues, [
      { note: 'ci', expires_in_seconds: 0, policy: '', client_type: '' },
      { note: 'reader', expires_in_seconds: 3600, policy: '{"resources":{"*":{"allow":["get"]}}}', client_type: 'browser' },
    ]);
  });

  it('refuses a token the schema does not allow with 400 naming the field and the limit, asking the token service nothing else', async () => {
    const refusals: Array<[object, string]> = [
      [{ note: '' }, 'Invalid body: body/note must NOT have fewer than 1 characters'],
      [{ note: 'ci', expires_in_seconds: 59 }, 'Invalid body: body/expires_in_seconds must be >= 60'],
      [{ note: 'ci', expires_in_seconds: 86_401 }, 'Invalid body: body/expires_in_seconds must be <= 86400'],
      [{ note: 'ci', expires_in_seconds: '3600' }, 'Invalid body: body/expires_in_seconds must be integer'],
      [{ note: 'ci', policy: { resources: { '*': { deny: ['GET'] } } } }, 'Invalid body: body/policy/resources/* must NOT have additional properties'],
    ];
    for (const [payload, message] of refusals) {
      tokenService.answer({ validate: async () => validVerdict() });
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens/', headers: signedIn, payload });
      assert.equal(response.statusCode, 400, message);
      assert.deepEqual(response.json(), { code: 'validation_error', message });
      assert.deepEqual(tokenService.calls.map(({ method }) => method), ['validate'], message);
    }
  });

  it("revokes one by its id as its owner's act, answering its view", async () => {
    activity = new Map();
    tokenService.answer({ validate: async () => validVerdict(), revokeToken: async () => revokedToken });
    const response = await app.inject({ method: 'DELETE', url: '/api/v1/auth/tokens/tok_alice2/', headers: signedIn });
    assert.equal(response.statusCode, 200);
    assert.equal((response.json() as { id: string; valid: boolean }).valid, false);
    assert.deepEqual(tokenService.calls[1]!.args[1], { token_id: 'tok_alice2', reason: 'revoked by its owner' });
    const malformed = await app.inject({ method: 'DELETE', url: '/api/v1/auth/tokens/tok/', headers: signedIn });
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual(malformed.json(), { code: 'validation_error', message: 'Invalid params: params/token_id must NOT have fewer than 5 characters' });
  });

  it('logs out everywhere, answering how many tokens expired', async () => {
    tokenService.answer({ validate: async () => validVerdict(), logout: async () => ({ expired: 3 }) });
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/logout/everywhere/', headers: signedIn });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { detail: 'Successfully logged out everywhere.', expired: 3 });
    assert.equal(tokenService.calls[1]!.args[1], true);
  });

  it('refuses a token whose policy leaves out "tokens" with 403, before listing anything', async () => {
    tokenService.answer({ validate: async () => validVerdict({ policy: '{"resources": {"account": {"allow": ["*"]}}}' }) });
    const response = await app.inject({ url: '/api/v1/auth/tokens/', headers: signedIn });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), { code: 'permission_denied', message: 'This token\'s policy does not allow GET on the resource "tokens".' });
    assert.deepEqual(tokenService.calls.map(({ method }) => method), ['validate']);
  });
});
