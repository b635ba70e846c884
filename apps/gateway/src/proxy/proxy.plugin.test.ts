import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakeTokenService, refusedVerdict, validVerdict } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

// Every request here is refused before it is forwarded: an upstream is named, and none is ever asked. (What reaches
// an upstream, and how, is proxy.e2e.test.ts'.)
const nowhere = 'http://127.0.0.1:9';
const routes = [
  { prefix: '/svc/orders', upstream: `${nowhere}/orders-api`, resource: 'orders' },
  { prefix: '/svc/rpc', upstream: nowhere, resource: 'rpc', method_overrides: 'check' },
  { prefix: '/legacy', upstream: nowhere, refusals: 'django-tokenapi' },
];
const tokenService = fakeTokenService();
const app = await gatewayUnderTest({ after }, { tokenService, env: { GATEWAY_PROXY_ROUTES: JSON.stringify(routes) } });
const signedIn = { authorization: 'Token tst_alice' };
const allowing = (policy: object) => async () => validVerdict({ policy: JSON.stringify(policy) });

describe('proxy: what the gateway refuses before forwarding', () => {
  it('refuses a dot segment between encoded separators with 400 naming the rule', async () => {
    for (const url of ['/svc/orders/..%2fadmin', '/svc/orders/a%2F..%2F..%2Fadmin', '/svc/orders/%2e%2e%5cadmin']) {
      tokenService.answer({ validate: async () => validVerdict() });
      const response = await app.inject({ url, headers: signedIn });
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual(response.json(), { code: 'bad_request', message: 'The path must start with /svc/orders as written and hold no . or .. segments.' }, url);
    }
  });

  it('answers a path that only starts like a prefix as no route of its own', async () => {
    tokenService.answer({});
    const response = await app.inject({ url: '/svc/ordersx/1', headers: signedIn });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { code: 'not_found', message: 'No route GET /svc/ordersx/1.' });
  });

  it("takes no session cookie as a credential, though it authenticates the gateway's own routes", async () => {
    tokenService.answer({ login: async () => ({ user: validVerdict().user, token: { id: 'tok_s', token: 'tst_session', masked: 'tst_s…', client_type: 'browser', created_at: '', expires_at: '2099-01-01T00:00:00.000Z' } }), validate: async () => validVerdict() });
    const signIn = await app.inject({ method: 'POST', url: '/console/session', payload: { username: 'alice', password: 'pw' } });
    const cookie = signIn.cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
    assert.equal((await app.inject({ url: '/api/v1/auth/user/', headers: { cookie } })).statusCode, 200);
    const proxied = await app.inject({ url: '/svc/orders/1', headers: { cookie } });
    assert.equal(proxied.statusCode, 401);
    assert.equal(proxied.json().code, 'not_authenticated');
  });

  it('refuses a request without a credential with 401, reading no look-alike parameter as one', async () => {
    for (const url of ['/svc/orders/1', '/svc/orders/1?TOKEN=tst_alice', '/svc/orders/1?Token=tst_alice&tokens=tst_alice']) {
      tokenService.answer({});
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 401, url);
      assert.equal(response.headers['www-authenticate'], 'Token');
      assert.deepEqual(response.json(), { code: 'not_authenticated', message: 'Authentication credentials were not provided.' });
      assert.deepEqual(tokenService.calls, [], url);
    }
  });

  it("asks the token's policy about the route's resource, and about * for a route that names none", async () => {
    tokenService.answer({ validate: allowing({ resources: { orders: { allow: ['GET'] } } }) });
    const post = await app.inject({ method: 'POST', url: '/svc/orders/1', headers: signedIn, payload: 'x' });
    assert.equal(post.statusCode, 403);
    assert.deepEqual(post.json(), { code: 'permission_denied', message: 'This token\'s policy does not allow POST on the resource "orders".' });
    tokenService.answer({ validate: allowing({ resources: { orders: { allow: ['*'] } } }) });
    const unnamed = await app.inject({ url: '/legacy/page', headers: signedIn });
    assert.equal(unnamed.statusCode, 403);
    assert.deepEqual(unnamed.json(), { success: false, errors: 'This token\'s policy does not allow GET on the resource "*".' });
  });

  it('checks every method an override names on a route that forwards them, and refuses one no policy can name', async () => {
    tokenService.answer({ validate: allowing({ resources: { rpc: { allow: ['POST'] } } }) });
    const unnameable = await app.inject({ method: 'POST', url: '/svc/rpc/call', headers: { ...signedIn, 'x-http-method-override': 'PROPFIND' } });
    assert.equal(unnameable.statusCode, 400);
    assert.deepEqual(unnameable.json(), { code: 'bad_request', message: 'A method override asks for "PROPFIND"; the gateway forwards only GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.' });
    for (const request of [
      { url: '/svc/rpc/call?_method=delete', headers: signedIn },
      { url: '/svc/rpc/call', headers: { ...signedIn, 'x-http-method': 'DELETE' } },
      { url: '/svc/rpc/call', headers: { ...signedIn, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&_method=DELETE' },
    ]) {
      const response = await app.inject({ method: 'POST', ...request });
      assert.equal(response.statusCode, 403, JSON.stringify(request));
      assert.deepEqual(response.json(), { code: 'permission_denied', message: 'This token\'s policy does not allow DELETE on the resource "rpc".' });
    }
  });

  it("answers django-tokenapi's refusals on a route that asks for them: 401 without a credential, 403 for a bad one", async () => {
    tokenService.answer({});
    const none = await app.inject({ url: '/legacy/page' });
    assert.equal(none.statusCode, 401);
    assert.deepEqual(none.json(), { success: false, errors: "Must include 'user' and 'token' parameters with request." });
    tokenService.answer({ validate: async () => refusedVerdict('REVOKED') });
    const bad = await app.inject({ url: '/legacy/page?user=alice&token=tst_revoked' });
    assert.equal(bad.statusCode, 403);
    assert.deepEqual(bad.json(), { success: false, errors: 'Incorrect user and token pair.' });
  });

  it('answers a method no policy can name with 405 and the methods it takes', async () => {
    tokenService.answer({});
    const response = await app.inject({ method: 'TRACE' as 'GET', url: '/svc/orders/1', headers: signedIn });
    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
  });

  it('refuses a form larger than Django would read with 413, naming the limit and what to send instead', async () => {
    tokenService.answer({});
    const response = await app.inject({
      method: 'POST',
      url: '/svc/orders/upload',
      headers: { ...signedIn, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `a=${'x'.repeat(2_621_440)}`,
    });
    assert.equal(response.statusCode, 413);
    assert.deepEqual(response.json(), {
      code: 'payload_too_large',
      message: 'A form body sent through the gateway may hold at most 2621440 bytes; send a larger upload as another content type (multipart/form-data, application/octet-stream).',
    });
  });
});
