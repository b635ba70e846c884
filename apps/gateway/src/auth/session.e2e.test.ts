import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAdmin, startPlatform, tokenServiceClient, type Platform } from '@tessera/testing';

describe('gateway: the current user and logout, with every credential form', () => {
  let platform: Platform;
  let gateway: string;
  let admin: { token: string; pk: string };

  const login = async (userAgent: string) => {
    const response = await fetch(`${gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { token: string }).token;
  };
  const currentUser = (headers: Record<string, string> = {}, query = '') => fetch(`${gateway}/api/v1/auth/user/${query}`, { headers });
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
  const refusalOf = async (response: Response) => ({ status: response.status, body: await response.json(), challenge: response.headers.get('www-authenticate') });

  before(async () => {
    platform = await startPlatform('gateway_session', { services: ['token-service', 'gateway'] });
    gateway = platform.urls.gateway;
    const token = await login('sdk|py|0.30');
    const me = (await (await currentUser({ authorization: `Token ${token}` })).json()) as { pk: string; username: string };
    assert.equal(me.username, bootstrapAdmin.username);
    admin = { token, pk: me.pk };
  });

  after(async () => {
    await platform?.stop();
  });

  it('answers the current user for every way of presenting a token', async () => {
    const forms: Array<[string, Record<string, string>, string?]> = [
      ['Token', { authorization: `Token ${admin.token}` }],
      ['token (Djblets)', { authorization: `token ${admin.token}` }],
      ['Bearer', { authorization: `Bearer ${admin.token}` }],
      ['Basic user id:token', { authorization: basic(`${admin.pk}:${admin.token}`) }],
      ['Basic username:token', { authorization: basic(`${bootstrapAdmin.username}:${admin.token}`) }],
      ['user and token parameters', {}, `?user=${admin.pk}&token=${admin.token}`],
      ['parameters win over a bad header', { authorization: 'Token nonsense' }, `?token=${admin.token}`],
    ];
    for (const [name, headers, query] of forms) {
      const response = await currentUser(headers, query);
      assert.equal(response.status, 200, name);
      assert.deepEqual(Object.keys((await response.json()) as object).sort(), ['email', 'first_name', 'last_name', 'pk', 'username'], name);
    }
  });

  it('accepts an API key and secret (Frappe), as token key:secret and as Basic', async () => {
    const rpc = tokenServiceClient(platform.urls.tokenService, platform.serviceSecret);
    try {
      const { api_key, api_secret } = await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: admin.pk }, { token: admin.token });
      for (const authorization of [`token ${api_key}:${api_secret}`, basic(`${api_key}:${api_secret}`)]) {
        const response = await currentUser({ authorization });
        assert.equal(response.status, 200);
        assert.equal(((await response.json()) as { username: string }).username, bootstrapAdmin.username);
      }
      const logout = await fetch(`${gateway}/api/v1/auth/logout/`, { method: 'POST', headers: { authorization: `token ${api_key}:${api_secret}` } });
      assert.equal(logout.status, 403);
    } finally {
      rpc.close();
    }
  });

  it("refuses with QFieldCloud's codes and messages, and a Token challenge", async () => {
    assert.deepEqual(await refusalOf(await currentUser()), {
      status: 401,
      body: { code: 'not_authenticated', message: 'Authentication credentials were not provided.' },
      challenge: 'Token',
    });
    assert.deepEqual((await refusalOf(await currentUser({ authorization: 'Basic !!!' }))).body, {
      code: 'token_authentication_failed',
      message: 'Invalid basic header. Credentials not correctly base64 encoded.',
    });
    const unknown = `tst_${'A'.repeat(43)}000000`;
    assert.deepEqual((await refusalOf(await currentUser({ authorization: `Token ${unknown}` }))).body, { code: 'token_authentication_failed', message: 'Invalid token.' });
    const someoneElse = await refusalOf(await currentUser({}, `?user=usr_someone_else&token=${admin.token}`));
    assert.deepEqual(someoneElse.body, { code: 'token_authentication_failed', message: 'Invalid token.' }, "a token is no credential for another user");
  });

  it('logs out by POST and by GET; the token is then refused as expired', async () => {
    for (const method of ['POST', 'GET']) {
      const token = await login('cli|1.0');
      const response = await fetch(`${gateway}/api/v1/auth/logout/`, { method, headers: { authorization: `Token ${token}` } });
      assert.equal(response.status, 200, method);
      assert.deepEqual(await response.json(), { detail: 'Successfully logged out.' });
      assert.deepEqual((await refusalOf(await currentUser({ authorization: `Token ${token}` }))).body, {
        code: 'token_authentication_failed',
        message: 'Token has expired.',
      });
    }
    assert.equal((await currentUser({ authorization: `Token ${admin.token}` })).status, 200, "another client's token is untouched");
  });

  it('signs in by email, in JSON or a form, and ignores a stale Authorization header sent along', async () => {
    const me = (await (await currentUser({ authorization: `Token ${admin.token}` })).json()) as { email: string };
    const byEmail = await fetch(`${gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Token tst_stale_and_long_gone' },
      body: JSON.stringify({ email: me.email, password: bootstrapAdmin.password }),
    });
    assert.equal(byEmail.status, 200);
    assert.equal(((await byEmail.json()) as { username: string }).username, bootstrapAdmin.username);
    const form = await fetch(`${gateway}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { authorization: 'Bearer nonsense' },
      body: new URLSearchParams({ username: me.email.toUpperCase(), password: bootstrapAdmin.password }),
    });
    assert.equal(form.status, 200, 'email in any case, form-encoded, on the alias');
  });

  it('accepts user and token in a form body, where a route reads one', async () => {
    const token = await login('cli|form');
    const response = await fetch(`${gateway}/api/v1/auth/logout/`, { method: 'POST', body: new URLSearchParams({ user: admin.pk, token }) });
    assert.equal(response.status, 200);
    assert.equal((await currentUser({ authorization: `Token ${token}` })).status, 401);
  });

  it('refuses query parameters a route does not read, but not the credential ones', async () => {
    const unknown = await currentUser({ authorization: `Token ${admin.token}` }, '?debug=1');
    assert.deepEqual([unknown.status, ((await unknown.json()) as { code: string }).code], [400, 'validation_error']);
    assert.equal((await currentUser({}, `?user=${admin.pk}&token=${admin.token}`)).status, 200);
  });
});
