import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { LoginResponse__Output } from '@tessera/contracts';
import { alice, fakeTokenService, grpcRefusal, tokenServiceAway } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

const tokenService = fakeTokenService();
const app = await gatewayUnderTest({ after }, { tokenService });

const loggedIn: LoginResponse__Output = {
  user: alice,
  token: { id: 'tok_new', token: 'tst_new-token', masked: 'tst_new-…', client_type: 'browser', created_at: '2026-11-29T10:00:00.000Z', expires_at: '2026-12-29T10:00:00.000Z' },
};

const login = (payload: object, url = '/api/v1/auth/login/') =>
  app.inject({ method: 'POST', url, headers: { 'user-agent': 'qfieldsync/4.1' }, payload });

describe("QFieldCloud's login", () => {
  it("answers the new token and the user's names, on both paths, and names the login and client to the token service", async () => {
    tokenService.answer({ login: async () => loggedIn });
    for (const url of ['/api/v1/auth/login/', '/api/v1/auth/token/']) {
      const response = await login({ username: 'alice', password: 'correct horse' }, url);
      assert.equal(response.statusCode, 200, url);
      assert.deepEqual(response.json(), {
        token: 'tst_new-token',
        expires_at: '2026-12-29T10:00:00.000Z',
        username: 'alice',
        email: 'alice@example.org',
        first_name: 'Alice',
        last_name: 'Liddell',
        full_name: 'Alice Liddell',
      });
    }
    assert.deepEqual(tokenService.calls[0]!.args, [{ login: 'alice', password: 'correct horse', userAgent: 'qfieldsync/4.1', ip: '127.0.0.1' }]);
  });

  it('logs in by email, and by username when both are sent', async () => {
    tokenService.answer({ login: async () => loggedIn });
    await login({ email: 'alice@example.org', password: 'pw' });
    await login({ username: 'alice', email: 'other@example.org', password: 'pw' });
    assert.deepEqual(tokenService.calls.map(({ args }) => (args[0] as { login: string }).login), ['alice@example.org', 'alice']);
  });

  it("refuses a wrong password in QFieldCloud's words, and a locked account in the domain's", async () => {
    tokenService.answer({ login: () => Promise.reject(grpcRefusal(status.UNAUTHENTICATED, 'invalid credentials', 'invalid_credentials')) });
    const refused = await login({ username: 'alice', password: 'wrong' });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers['www-authenticate'], 'Token');
    assert.deepEqual(refused.json(), { code: 'authentication_failed', message: 'Unable to log in with provided credentials.' });

    tokenService.answer({ login: () => Promise.reject(grpcRefusal(status.UNAUTHENTICATED, 'locked', 'too_many_failed_login_attempts')) });
    const locked = await login({ username: 'alice', password: 'wrong' });
    assert.equal(locked.statusCode, 401);
    assert.deepEqual(locked.json(), { code: 'too_many_failed_login_attempts', message: 'Too many failed login attempts!' });
  });

  it('answers 503 while the token service is away, never a 401 that would send the client to log in again', async () => {
    tokenService.answer({ login: () => Promise.reject(tokenServiceAway()) });
    const response = await login({ username: 'alice', password: 'pw' });
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json(), { code: 'service_unavailable', message: 'The token service is unavailable. Retry shortly.' });
  });

  it('refuses a malformed body or any query with 400 naming what is wrong, and asks the token service nothing', async () => {
    tokenService.answer({});
    const refusals: Array<[object, string, string?]> = [
      [{ username: 'alice' }, "Invalid body: body must have required property 'password'"],
      [{ password: 'pw' }, "Invalid body: body must have required property 'username', body must have required property 'email', body must match a schema in anyOf"],
      [{ username: 'alice', password: '' }, 'Invalid body: body/password must NOT have fewer than 1 characters'],
      [{ username: 7, password: 'pw' }, 'Invalid body: body/username must be string'],
      [{ username: 'alice', password: 'pw', remember: true }, 'Invalid body: body must NOT have additional properties'],
      [{ username: 'alice', password: 'pw' }, 'Invalid querystring: querystring must NOT have additional properties', '/api/v1/auth/login/?next=/projects'],
    ];
    for (const [payload, message, url] of refusals) {
      const response = await login(payload, url);
      assert.equal(response.statusCode, 400, message);
      assert.deepEqual(response.json(), { code: 'validation_error', message });
    }
    assert.deepEqual(tokenService.calls, []);
  });
});

describe('login throttling', () => {
  // In its own memory @fastify/rate-limit keeps a budget per route, whatever their group: this asks one path.
  it("answers 429 throttled once an address has used the login route's budget", async () => {
    const throttledService = fakeTokenService();
    const throttledApp = await gatewayUnderTest({ after }, { tokenService: throttledService, env: { GATEWAY_LOGIN_RATE_LIMIT_PER_MINUTE: '2' } });
    throttledService.answer({ login: async () => loggedIn });
    const attempt = (url: string) => throttledApp.inject({ method: 'POST', url, payload: { username: 'alice', password: 'pw' } });
    assert.equal((await attempt('/api/v1/auth/login/')).statusCode, 200);
    assert.equal((await attempt('/api/v1/auth/login/')).statusCode, 200);
    const throttled = await attempt('/api/v1/auth/login/');
    assert.equal(throttled.statusCode, 429);
    assert.deepEqual(throttled.json(), { code: 'throttled', message: 'Request was throttled. Expected available in 60 seconds.' });
    assert.equal(throttled.headers['retry-after'], '60');
    assert.equal(throttledService.calls.length, 2);
  });
});
