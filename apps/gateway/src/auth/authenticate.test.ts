import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { fakeTokenService, validVerdict } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';
import { authenticatePlugin, type GatewayResource } from './authenticate.ts';

describe("authenticatePlugin: the gateway's routes as policy resources", () => {
  it('refuses to start with a route that names a resource no policy can mean', async () => {
    const app = Fastify();
    // Nothing is validated before start-up fails.
    await app.register(authenticatePlugin, { validation: { validate: () => Promise.reject(new Error('not called')) } });
    const start = async () => {
      await app.register(async (routes) => {
        routes.get('/api/v1/auth/user/', { config: { resource: 'acount' as GatewayResource } }, async () => ({}));
      });
      await app.ready();
    };
    await assert.rejects(start, /GET \/api\/v1\/auth\/user\/ names the resource "acount", which is none of account, tokens, admin/);
    await app.close();
  });
});

describe('authenticatePlugin: what a presented credential becomes, on a route that needs one', async () => {
  const tokenService = fakeTokenService();
  const app = await gatewayUnderTest({ after }, { tokenService });
  const apiKey = 'key_0123456789abcdefABCDEF';
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
  const currentUser = (authorization: string, query = '') => app.inject({ url: `/api/v1/auth/user/${query}`, headers: { authorization } });

  it('asks the token service about the token or API key each accepted form carries', async () => {
    const accepted: Array<[string, object]> = [
      ['Token tst_a', { token: 'tst_a' }],
      ['token tst_a', { token: 'tst_a' }],
      ['TOKEN tst_a', { token: 'tst_a' }],
      ['Bearer tst_a', { token: 'tst_a' }],
      ['  bearer   tst_a  ', { token: 'tst_a' }],
      [`token ${apiKey}:sec:ret`, { apiKey, secret: 'sec:ret' }],
      [basic(`${apiKey}:secret`), { apiKey, secret: 'secret' }],
      [basic('alice:tst_a'), { token: 'tst_a' }],
      [basic('usr_alice:tst_a'), { token: 'tst_a' }],
      [basic(':tst_a'), { token: 'tst_a' }],
    ];
    for (const [authorization, credential] of accepted) {
      tokenService.answer({ validate: async () => validVerdict() });
      const response = await currentUser(authorization);
      assert.equal(response.statusCode, 200, authorization);
      assert.deepEqual(tokenService.calls.map(({ args }) => args[0]), [credential], authorization);
    }
  });

  it('takes the token parameter over the header, as django-tokenapi does', async () => {
    tokenService.answer({ validate: async () => validVerdict() });
    assert.equal((await currentUser('Token tst_header', '?token=tst_query')).statusCode, 200);
    assert.deepEqual(tokenService.calls.map(({ args }) => args[0]), [{ token: 'tst_query' }]);
  });

  it("refuses a valid token named for another user with 401, as if it did not exist", async () => {
    for (const named of [basic('bob:tst_a'), 'Token tst_a']) {
      tokenService.answer({ validate: async () => validVerdict() });
      const response = await currentUser(named, named.startsWith('Token') ? '?user=bob&token=tst_a' : '');
      assert.equal(response.statusCode, 401, named);
      assert.deepEqual(response.json(), { code: 'token_authentication_failed', message: 'Invalid token.' });
    }
  });

  it("refuses a header it cannot read with 401 in DRF's words, asking the token service nothing", async () => {
    const unreadable: Array<[string, string]> = [
      ['Token', 'Invalid token header. No credentials provided.'],
      ['Token tst_a tst_b', 'Invalid token header. Token string should not contain spaces.'],
      ['Token not-a-key:secret', 'Invalid token header. Expected <api_key>:<api_secret>.'],
      ['Basic', 'Invalid basic header. No credentials provided.'],
      ['Basic !!!!', 'Invalid basic header. Credentials not correctly base64 encoded.'],
      [basic('alice'), 'Invalid basic header. Credentials not correctly base64 encoded.'],
      [basic('alice:'), 'Invalid basic header. No credentials provided.'],
      [`Token ${'a'.repeat(600)}`, 'Invalid token header. The credentials are too long.'],
    ];
    for (const [authorization, message] of unreadable) {
      tokenService.answer({});
      const response = await currentUser(authorization);
      assert.equal(response.statusCode, 401, authorization);
      assert.equal(response.headers['www-authenticate'], 'Token');
      assert.deepEqual(response.json(), { code: 'token_authentication_failed', message }, authorization);
      assert.deepEqual(tokenService.calls, [], authorization);
    }
  });

  it('answers a scheme that is not its own, or none, as no credential presented', async () => {
    for (const authorization of ['Digest username="alice"', 'Negotiate abc', '']) {
      tokenService.answer({});
      const response = await currentUser(authorization);
      assert.equal(response.statusCode, 401, authorization);
      assert.deepEqual(response.json(), { code: 'not_authenticated', message: 'Authentication credentials were not provided.' });
      assert.deepEqual(tokenService.calls, []);
    }
  });
});
