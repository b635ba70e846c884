import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { alice, fakeTokenService, grpcRefusal, refusedVerdict, tokenServiceAway, validVerdict } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

const tokenService = fakeTokenService();
const app = await gatewayUnderTest({ after }, { tokenService });
const form = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'tokenapi-client/1.0' };
const newToken = (payload: string) => app.inject({ method: 'POST', url: '/token/new.json', headers: form, payload });
const loggedIn = {
  user: alice,
  token: { id: 'tok_new', token: 'tst_new-token', masked: 'tst_new-…', client_type: 'cli', created_at: '2026-11-29T10:00:00.000Z', expires_at: '2026-12-29T10:00:00.000Z' },
};

describe("django-tokenapi's /token/new.json", () => {
  it("answers the new token and the user's id for a username and password sent as a form", async () => {
    tokenService.answer({ login: async () => loggedIn });
    const response = await newToken('username=alice&password=correct+horse&device=tablet');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { success: true, token: 'tst_new-token', user: 'usr_alice' });
    assert.deepEqual(tokenService.calls[0]!.args, [{ login: 'alice', password: 'correct horse', userAgent: 'tokenapi-client/1.0', ip: '127.0.0.1' }]);
  });

  it("refuses in django-tokenapi's words, each with 401", async () => {
    const refusals: Array<[string, Parameters<typeof tokenService.answer>[0], string]> = [
      ['username=alice', {}, "Must include 'username' and 'password' as POST parameters."],
      ['', {}, "Must include 'username' and 'password' as POST parameters."],
      ['username=alice&password=wrong', { login: () => Promise.reject(grpcRefusal(status.UNAUTHENTICATED, 'no', 'invalid_credentials')) }, 'Unable to log you in, please try again.'],
      ['username=alice&password=wrong', { login: () => Promise.reject(grpcRefusal(status.UNAUTHENTICATED, 'locked', 'too_many_failed_login_attempts')) }, 'Too many failed login attempts!'],
    ];
    for (const [payload, answers, errors] of refusals) {
      tokenService.answer(answers);
      const response = await newToken(payload);
      assert.equal(response.statusCode, 401, payload);
      assert.deepEqual(response.json(), { success: false, errors }, payload);
    }
  });

  it('answers 503 while the token service is away', async () => {
    tokenService.answer({ login: () => Promise.reject(tokenServiceAway()) });
    assert.equal((await newToken('username=alice&password=pw')).statusCode, 503);
  });

  it('answers any other method 405, allowing POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const response = await app.inject({ method, url: '/token/new.json' });
      assert.equal(response.statusCode, 405, method);
      assert.equal(response.headers.allow, 'POST');
      assert.deepEqual(response.json(), { success: false, errors: 'Must access via a POST request.' });
    }
  });
});

describe("django-tokenapi's /token/<token>/<user>.json", () => {
  it('answers success when the token is valid and the user is its own, by id or username', async () => {
    for (const user of ['alice', 'usr_alice']) {
      tokenService.answer({ validate: async () => validVerdict() });
      const response = await app.inject({ url: `/token/tst_alice/${user}.json` });
      assert.equal(response.statusCode, 200, user);
      assert.deepEqual(response.json(), { success: true });
      assert.deepEqual(tokenService.calls[0]!.args[0], { token: 'tst_alice' });
    }
  });

  it("refuses another user's token, and a token that is not valid, with 401", async () => {
    for (const [user, verdict] of [['bob', validVerdict()], ['alice', refusedVerdict('EXPIRED')]] as const) {
      tokenService.answer({ validate: async () => verdict });
      const response = await app.inject({ method: 'POST', url: `/token/tst_alice/${user}.json` });
      assert.equal(response.statusCode, 401, user);
      assert.deepEqual(response.json(), { success: false, errors: 'Token did not match user.' });
    }
  });

  it('knows no path without .json, asking nothing', async () => {
    tokenService.answer({});
    const response = await app.inject({ url: '/token/tst_alice/alice' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(tokenService.calls, []);
  });
});
