import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { alice, fakeTokenService, grpcRefusal, validVerdict } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

const tokenService = fakeTokenService();
const app = await gatewayUnderTest({ after }, { tokenService });
const apiKey = 'key_0123456789abcdefABCDEF';
const withKey = { authorization: `token ${apiKey}:the-secret` };
const bob = { ...alice, id: 'usr_bob', username: 'bob', email: 'bob@example.org' };

describe("Frappe's methods", () => {
  it('answers the logged user with and without the trailing slash, checking the API key and secret', async () => {
    for (const url of ['/api/method/frappe.auth.get_logged_user', '/api/method/frappe.auth.get_logged_user/']) {
      tokenService.answer({ validate: async () => validVerdict() });
      const response = await app.inject({ url, headers: withKey });
      assert.equal(response.statusCode, 200, url);
      assert.deepEqual(response.json(), { message: 'alice' });
      assert.deepEqual(tokenService.calls[0]!.args[0], { apiKey, secret: 'the-secret' });
    }
  });

  it("refuses a request without a credential in Frappe's shape, with Tessera's code beside", async () => {
    tokenService.answer({});
    const response = await app.inject({ url: '/api/method/frappe.auth.get_logged_user' });
    assert.equal(response.statusCode, 401);
    const line = 'frappe.exceptions.AuthenticationError: Authentication credentials were not provided.';
    assert.deepEqual(response.json(), {
      exc_type: 'AuthenticationError',
      exception: line,
      exc: `["${line}"]`,
      _server_messages: '["{\\"message\\":\\"Authentication credentials were not provided.\\",\\"title\\":\\"Message\\",\\"indicator\\":\\"red\\",\\"raise_exception\\":1}"]',
      code: 'not_authenticated',
      message: 'Authentication credentials were not provided.',
    });
  });

  it('generates keys for the user named as Frappe\'s guide writes it, JSON-quoted, or bare in a form', async () => {
    const requests = [
      { method: 'GET' as const, url: '/api/method/frappe.core.doctype.user.user.generate_keys?user=%22bob%22' },
      { method: 'POST' as const, url: '/api/method/frappe.core.doctype.user.user.generate_keys', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'user=bob' },
    ];
    for (const request of requests) {
      tokenService.answer({ validate: async () => validVerdict(), getUser: async () => bob, generateApiKey: async () => ({ api_key: 'key_bobbobbobbobbobbobbobb', api_secret: 'tst_bob-secret', user_id: 'usr_bob' }) });
      const response = await app.inject({ ...request, headers: { ...withKey, ...request.headers } });
      assert.equal(response.statusCode, 200, request.method);
      assert.deepEqual(response.json(), { message: { api_key: 'key_bobbobbobbobbobbobbobb', api_secret: 'tst_bob-secret' } });
      assert.deepEqual(tokenService.calls.slice(1).map(({ method, args }) => [method, args[1]]), [['getUser', { login: 'bob' }], ['generateApiKey', { user_id: 'usr_bob' }]]);
    }
  });

  it("refuses generate_keys without a user as Python would (417 TypeError), and an unknown user 404 DoesNotExistError", async () => {
    tokenService.answer({ validate: async () => validVerdict() });
    const missing = await app.inject({ url: '/api/method/frappe.core.doctype.user.user.generate_keys?user=', headers: withKey });
    assert.equal(missing.statusCode, 417);
    assert.deepEqual(pick(missing.json()), { exc_type: 'TypeError', code: 'validation_error', message: "generate_keys() missing 1 required positional argument: 'user'" });
    tokenService.answer({ validate: async () => validVerdict(), getUser: () => Promise.reject(grpcRefusal(status.NOT_FOUND, 'No such user.')) });
    const unknown = await app.inject({ url: '/api/method/frappe.core.doctype.user.user.generate_keys?user=carol', headers: withKey });
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(pick(unknown.json()), { exc_type: 'DoesNotExistError', code: 'object_not_found', message: 'User carol not found' });
  });

  it("answers the token service's refusal of the caller (not an admin) as Frappe's PermissionError", async () => {
    tokenService.answer({ validate: async () => validVerdict(), getUser: () => Promise.reject(grpcRefusal(status.PERMISSION_DENIED, 'Only an admin may do this.')) });
    const response = await app.inject({ url: '/api/method/frappe.core.doctype.user.user.generate_keys?user=bob', headers: withKey });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(pick(response.json()), { exc_type: 'PermissionError', code: 'permission_denied', message: 'Only an admin may do this.' });
  });

  it('refuses a method it does not have, once the caller is authenticated, naming the two it has', async () => {
    tokenService.answer({ validate: async () => validVerdict() });
    const response = await app.inject({ url: '/api/method/frappe.client.get_list', headers: withKey });
    assert.equal(response.statusCode, 417);
    assert.deepEqual(pick(response.json()), {
      exc_type: 'ValidationError',
      code: 'validation_error',
      message: 'Failed to get method for command frappe.client.get_list with No such method here (this gateway answers frappe.auth.get_logged_user and frappe.core.doctype.user.user.generate_keys)',
    });
  });
});

/** The parts of a Frappe refusal a client branches on; the rest is checked once above. */
const pick = (body: unknown) => {
  const { exc_type, code, message } = body as Record<string, string>;
  return { exc_type, code, message };
};
