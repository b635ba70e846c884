import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAdmin, gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';

type Json = Record<string, unknown>;

describe('gateway: token management for the signed-in user, and admin routes', () => {
  let platform: Platform;
  let admin: string;

  const call = async (method: string, path: string, options: { token?: string; body?: unknown; userAgent?: string } = {}) => {
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'sdk|py|0.30' };
    if (options.token) headers['authorization'] = `Token ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${platform.urls.gateway}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    return { status: response.status, body: (await response.json()) as Json & Json[] };
  };
  const login = (username: string, password: string, userAgent = 'sdk|py|0.30') => gatewayLogin(platform.urls.gateway, { username, password, userAgent });
  const newUser = async (username: string, roles?: string[]) => {
    const password = testPassword(username);
    const { status, body } = await call('POST', '/api/v1/admin/users/', { token: admin, body: { username, email: `${username}@example.com`, password, ...(roles ? { roles } : {}) } });
    assert.equal(status, 201, JSON.stringify(body));
    return { id: body['pk'] as string, password, token: await login(username, password) };
  };

  before(async () => {
    // No audit service: token lists must still answer, with last use unknown.
    platform = await startPlatform('gateway_tokens', { services: ['token-service', 'gateway'] });
    admin = await login(bootstrapAdmin.username, bootstrapAdmin.password);
  });

  after(async () => {
    await platform?.stop();
  });

  it('creates a named token with expiry and policy, shown once, then listed by its masked prefix only', async () => {
    const user = await newUser('lister');
    const policy = { resources: { '*': { allow: ['GET'], block: [] } } };
    const created = await call('POST', '/api/v1/auth/tokens/', { token: user.token, body: { note: 'nightly backup', expires_in_seconds: 3600, policy, client_type: 'cli' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body['token'] as string, /^tst_[0-9A-Za-z]{49}$/);
    assert.equal(created.body['note'], 'nightly backup');
    assert.equal(created.body['client_type'], 'cli');
    const lifetime = Date.parse(created.body['expires_at'] as string) - Date.parse(created.body['created_at'] as string);
    assert.equal(lifetime, 3600_000);

    const listed = await call('GET', '/api/v1/auth/tokens/', { token: user.token });
    assert.equal(listed.status, 200);
    assert.equal(listed.body.length, 2, 'the login token and the named one');
    const named = listed.body.find((token) => token['id'] === created.body['id'])!;
    assert.equal(named['masked'], `${(created.body['token'] as string).slice(0, 8)}***`);
    assert.deepEqual(named['policy'], policy);
    assert.equal(named['last_used_at'], 'unknown', 'the audit service is not running');
    assert.equal(named['current'], false);
    assert.equal(listed.body.find((token) => token['id'] !== created.body['id'])!['current'], true);
    assert.ok(!JSON.stringify(listed.body).includes(created.body['token'] as string), 'the token itself is never listed');
  });

  it('refuses a malformed policy or expiry with a precise 400, and creates nothing', async () => {
    const user = await newUser('careless');
    const badPolicy = await call('POST', '/api/v1/auth/tokens/', { token: user.token, body: { note: 'x', policy: { resources: { '*': { allow: 'GET' } } } } });
    assert.equal(badPolicy.status, 400);
    assert.equal(badPolicy.body['code'], 'validation_error');
    assert.match(badPolicy.body['message'] as string, /allow/);
    const badExpiry = await call('POST', '/api/v1/auth/tokens/', { token: user.token, body: { note: 'x', expires_in_seconds: -5 } });
    assert.equal(badExpiry.status, 400);
    assert.equal((await call('GET', '/api/v1/auth/tokens/', { token: user.token })).body.length, 1);
  });

  it('a token with a policy cannot make tokens, nor log its user out everywhere', async () => {
    const user = await newUser('narrow');
    const { body } = await call('POST', '/api/v1/auth/tokens/', { token: user.token, body: { note: 'read only', policy: { resources: { '*': { allow: ['GET'] } } } } });
    const narrow = body['token'] as string;
    const refused = await call('POST', '/api/v1/auth/tokens/', { token: narrow, body: { note: 'escalate' } });
    assert.deepEqual([refused.status, refused.body['code']], [403, 'permission_denied']);
    const everywhere = await call('POST', '/api/v1/auth/logout/everywhere/', { token: narrow });
    assert.deepEqual([everywhere.status, everywhere.body['code']], [403, 'permission_denied']);
    assert.equal((await call('GET', '/api/v1/auth/user/', { token: user.token })).status, 200, 'the user\'s other tokens live on');
  });

  it('only an admin makes worker tokens, which are for internal workers', async () => {
    const user = await newUser('would-be-worker');
    const refused = await call('POST', '/api/v1/auth/tokens/', { token: user.token, body: { note: 'worker', client_type: 'worker' } });
    assert.deepEqual([refused.status, refused.body['code']], [403, 'permission_denied']);
    const made = await call('POST', '/api/v1/auth/tokens/', { token: admin, body: { note: 'export worker', client_type: 'worker' } });
    assert.deepEqual([made.status, made.body['client_type']], [201, 'worker']);
  });

  it('revokes one token (Djblets: valid false with reason and date); it stops working at once; others\' tokens are not found', async () => {
    const owner = await newUser('revoker');
    const other = await newUser('bystander');
    const { body: made } = await call('POST', '/api/v1/auth/tokens/', { token: owner.token, body: { note: 'temporary' } });
    const id = made['id'] as string;
    assert.equal((await call('DELETE', `/api/v1/auth/tokens/${id}/`, { token: other.token })).status, 404);

    const revoked = await call('DELETE', `/api/v1/auth/tokens/${id}/`, { token: owner.token });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body['valid'], false);
    assert.equal(revoked.body['invalid_reason'], 'revoked by its owner');
    assert.ok(!Number.isNaN(Date.parse(revoked.body['invalid_date'] as string)));
    assert.equal((await call('GET', '/api/v1/auth/user/', { token: made['token'] as string })).status, 401);

    const all = await call('GET', '/api/v1/auth/tokens/?include_invalid=true', { token: owner.token });
    assert.ok(all.body.some((token) => token['id'] === id && token['valid'] === false));
    assert.ok(!(await call('GET', '/api/v1/auth/tokens/', { token: owner.token })).body.some((token) => token['id'] === id));
    assert.equal((await call('DELETE', '/api/v1/auth/tokens/not-a-token-id/', { token: owner.token })).status, 400);
  });

  it('logs out everywhere: every token of the user stops working', async () => {
    const user = await newUser('traveller');
    const browser = await login('traveller', user.password, 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0');
    const out = await call('POST', '/api/v1/auth/logout/everywhere/', { token: user.token });
    assert.equal(out.status, 200);
    assert.deepEqual(out.body, { detail: 'Successfully logged out everywhere.', expired: 2 });
    for (const token of [user.token, browser]) {
      const refused = await call('GET', '/api/v1/auth/user/', { token });
      assert.deepEqual([refused.status, refused.body['message']], [401, 'Token has expired.']);
    }
  });

  it('admin: create, look up, deactivate and reactivate users; duplicates are a 409 naming the field', async () => {
    const user = await newUser('temp-staff');
    const fetched = await call('GET', `/api/v1/admin/users/${user.id}/`, { token: admin });
    assert.deepEqual(
      { ...fetched.body },
      { pk: user.id, username: 'temp-staff', email: 'temp-staff@example.com', first_name: '', last_name: '', roles: ['user'], active: true },
    );
    const duplicate = await call('POST', '/api/v1/admin/users/', { token: admin, body: { username: 'TEMP-staff', email: 'other@example.com', password: testPassword() } });
    assert.deepEqual([duplicate.status, duplicate.body['code']], [409, 'username_taken']);

    const deactivated = await call('POST', `/api/v1/admin/users/${user.id}/deactivate/`, { token: admin, body: { reason: 'contract ended' } });
    assert.equal(deactivated.body['active'], false);
    const refused = await call('GET', '/api/v1/auth/user/', { token: user.token });
    assert.deepEqual([refused.status, refused.body['message']], [401, 'User inactive or deleted.']);
    const reactivated = await call('POST', `/api/v1/admin/users/${user.id}/reactivate/`, { token: admin });
    assert.equal(reactivated.body['active'], true);
    assert.equal((await call('GET', '/api/v1/auth/user/', { token: user.token })).status, 401, 'deactivation revoked the token for good');
    assert.equal((await call('GET', '/api/v1/admin/users/usr_doesnotexist/', { token: admin })).status, 404);
  });

  it('admin: lists tokens filtered by user and client type, expires them, revokes one', async () => {
    const user = await newUser('fleet');
    await login('fleet', user.password, 'cli|tessera|1.0');
    await login('fleet', user.password, 'cli|tessera|1.0');
    const byUser = await call('GET', `/api/v1/admin/tokens/?user_id=${user.id}`, { token: admin });
    assert.equal(byUser.body.length, 3);
    assert.ok(byUser.body.every((token) => token['user_id'] === user.id));
    const cliOnly = await call('GET', `/api/v1/admin/tokens/?user_id=${user.id}&client_type=cli`, { token: admin });
    assert.equal(cliOnly.body.length, 2);
    const everyone = await call('GET', '/api/v1/admin/tokens/?client_type=sdk', { token: admin });
    assert.ok(everyone.body.some((token) => token['user_id'] !== user.id), 'all users\' tokens');

    const revokedOne = await call('DELETE', `/api/v1/admin/tokens/${cliOnly.body[0]!['id']}/`, { token: admin });
    assert.equal(revokedOne.body['invalid_reason'], 'revoked by an administrator');
    const expired = await call('POST', '/api/v1/admin/tokens/expire/', { token: admin, body: { user_id: user.id, client_type: 'cli' } });
    assert.deepEqual(expired.body, { expired: 1 });
    assert.equal((await call('GET', `/api/v1/admin/tokens/?user_id=${user.id}`, { token: admin })).body.length, 1);
    assert.equal((await call('GET', '/api/v1/admin/tokens/?client_type=spaceship', { token: admin })).status, 400);
  });

  it('admin: generates an API key for a user; the secret works at once and is replaced by the next one', async () => {
    const user = await newUser('robot');
    const first = await call('POST', `/api/v1/admin/users/${user.id}/api-key/`, { token: admin });
    assert.equal(first.status, 201);
    assert.equal(first.body['user_id'], user.id);
    const asKey = (secret: unknown) => fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `token ${first.body['api_key']}:${secret}` } });
    assert.equal((await asKey(first.body['api_secret'])).status, 200);
    const second = await call('POST', `/api/v1/admin/users/${user.id}/api-key/`, { token: admin });
    assert.equal(second.body['api_key'], first.body['api_key']);
    assert.equal((await asKey(first.body['api_secret'])).status, 401);
  });

  it('admin routes refuse a user who is not an admin, and a token with a policy', async () => {
    const user = await newUser('curious');
    for (const [method, path] of [['GET', '/api/v1/admin/tokens/'], ['POST', '/api/v1/admin/users/'], ['POST', `/api/v1/admin/users/${user.id}/api-key/`]] as const) {
      const refused = await call(method, path, { token: user.token, ...(method === 'POST' ? { body: {} } : {}) });
      assert.deepEqual([refused.status, refused.body['code']], [403, 'permission_denied'], path);
    }
    const { body } = await call('POST', '/api/v1/auth/tokens/', { token: admin, body: { note: 'admin read only', policy: { resources: { '*': { allow: ['GET'] } } } } });
    const narrow = await call('GET', '/api/v1/admin/tokens/', { token: body['token'] as string });
    assert.deepEqual([narrow.status, narrow.body['code']], [403, 'permission_denied']);
    assert.equal((await call('GET', '/api/v1/admin/tokens/')).status, 401);
  });
});
