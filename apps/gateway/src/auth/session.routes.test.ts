import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { fakeTokenService, grpcRefusal, refusedVerdict, tokenServiceAway, validVerdict } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

const tokenService = fakeTokenService();
const app = await gatewayUnderTest({ after }, { tokenService });
const signedIn = { authorization: 'Token tst_alice', 'user-agent': 'qfield/3.4' };

describe("QFieldCloud's current user", () => {
  it('answers who the valid token belongs to, having checked the token as presented', async () => {
    tokenService.answer({ validate: async () => validVerdict() });
    const response = await app.inject({ url: '/api/v1/auth/user/', headers: signedIn });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { pk: 'usr_alice', username: 'alice', email: 'alice@example.org', first_name: 'Alice', last_name: 'Liddell' });
    assert.deepEqual(tokenService.calls, [{ method: 'validate', args: [{ token: 'tst_alice' }, { userAgent: 'qfield/3.4', ip: '127.0.0.1' }] }]);
  });

  it("refuses each verdict that is not VALID with 401 and DRF's message for it", async () => {
    const messages = {
      NOT_FOUND: 'Invalid token.',
      MALFORMED: 'Invalid token.',
      EXPIRED: 'Token has expired.',
      REVOKED: 'Invalid token.',
      USER_INACTIVE: 'User inactive or deleted.',
      FORBIDDEN: 'Invalid token.',
    } as const;
    for (const [code, message] of Object.entries(messages) as Array<[keyof typeof messages, string]>) {
      tokenService.answer({ validate: async () => refusedVerdict(code) });
      const response = await app.inject({ url: '/api/v1/auth/user/', headers: signedIn });
      assert.equal(response.statusCode, 401, code);
      assert.equal(response.headers['www-authenticate'], 'Token', code);
      assert.deepEqual(response.json(), { code: 'token_authentication_failed', message }, code);
    }
  });

  it('refuses a token whose policy does not allow the method on "account" with 403, after checking it', async () => {
    tokenService.answer({ validate: async () => validVerdict({ policy: '{"resources": {"account": {"block": ["GET"]}, "*": {"allow": ["*"]}}}' }) });
    const response = await app.inject({ url: '/api/v1/auth/user/', headers: signedIn });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), { code: 'permission_denied', message: 'This token\'s policy does not allow GET on the resource "account".' });
  });

  it('answers 503 while the token service is away, not 401', async () => {
    tokenService.answer({ validate: () => Promise.reject(tokenServiceAway()) });
    const response = await app.inject({ url: '/api/v1/auth/user/', headers: signedIn });
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '1');
  });

  it('refuses a query it does not declare, but takes django-tokenapi\'s token there instead of a header', async () => {
    tokenService.answer({ validate: async () => validVerdict() });
    const unknown = await app.inject({ url: '/api/v1/auth/user/?format=json', headers: signedIn });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json(), { code: 'validation_error', message: 'Invalid querystring: querystring must NOT have additional properties' });
    tokenService.answer({ validate: async () => validVerdict() });
    const byQuery = await app.inject({ url: '/api/v1/auth/user/?user=alice&token=tst_by-query' });
    assert.equal(byQuery.statusCode, 200);
    assert.deepEqual(tokenService.calls.map(({ args }) => args[0]), [{ token: 'tst_by-query' }]);
  });
});

describe("QFieldCloud's logout", () => {
  it('logs out the token presented, here only, by POST and by GET', async () => {
    tokenService.answer({ validate: async () => validVerdict(), logout: async () => ({ expired: 1 }) });
    for (const method of ['POST', 'GET'] as const) {
      const response = await app.inject({ method, url: '/api/v1/auth/logout/', headers: signedIn });
      assert.equal(response.statusCode, 200, method);
      assert.deepEqual(response.json(), { detail: 'Successfully logged out.' });
    }
    const logouts = tokenService.calls.filter(({ method }) => method === 'logout');
    assert.deepEqual(logouts.map(({ args }) => args), [
      [{ credential: { token: 'tst_alice' }, client: { userAgent: 'qfield/3.4', ip: '127.0.0.1' } }, false],
      [{ credential: { token: 'tst_alice' }, client: { userAgent: 'qfield/3.4', ip: '127.0.0.1' } }, false],
    ]);
  });

  it('still answers logged out when the token expired or was revoked between the check and the logout', async () => {
    tokenService.answer({ validate: async () => validVerdict(), logout: () => Promise.reject(grpcRefusal(status.UNAUTHENTICATED, 'Token has expired.', 'token_expired')) });
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: signedIn });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { detail: 'Successfully logged out.' });
  });

  it('passes on any other refusal of the logout, and 503 while the token service is away', async () => {
    tokenService.answer({ validate: async () => validVerdict(), logout: () => Promise.reject(grpcRefusal(status.PERMISSION_DENIED, 'Not yours.')) });
    const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: signedIn });
    assert.deepEqual({ status: refused.statusCode, body: refused.json() as unknown }, { status: 403, body: { code: 'permission_denied', message: 'Not yours.' } });
    tokenService.answer({ validate: async () => validVerdict(), logout: () => Promise.reject(tokenServiceAway()) });
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: signedIn })).statusCode, 503);
  });

  it('refuses a logout without a credential with 401, asking the token service nothing', async () => {
    tokenService.answer({});
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/logout/' });
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.json(), { code: 'not_authenticated', message: 'Authentication credentials were not provided.' });
    assert.deepEqual(tokenService.calls, []);
  });
});
