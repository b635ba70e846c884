import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAdmin, gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';

type Json = Record<string, unknown>;

describe('gateway: Frappe\'s routes, with Frappe\'s credential forms', () => {
  let platform: Platform;
  let adminToken: string;
  let adminKey: string;

  const send = async (method: string, path: string, authorization?: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    const response = await fetch(`${platform.urls.gateway}${path}`, { method, headers, ...(form ? { body: new URLSearchParams(form) } : {}) });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const loggedUser = (authorization?: string) => send('GET', '/api/method/frappe.auth.get_logged_user', authorization);
  const generateKeys = (authorization: string, form?: Record<string, string>, query = '') =>
    send('POST', `/api/method/frappe.core.doctype.user.user.generate_keys${query}`, authorization, form);
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

  before(async () => {
    platform = await startPlatform('gateway_frappe', { services: ['token-service', 'gateway'] });
    adminToken = await gatewayLogin(platform.urls.gateway);
    const generated = await generateKeys(`Token ${adminToken}`, { user: bootstrapAdmin.username });
    assert.equal(generated.status, 200, JSON.stringify(generated.body));
    const { api_key, api_secret } = generated.body['message'] as { api_key: string; api_secret: string };
    adminKey = `${api_key}:${api_secret}`;
  });

  after(async () => {
    await platform?.stop();
  });

  it('get_logged_user answers {"message": username} for token key:secret, Basic key:secret and Bearer', async () => {
    for (const authorization of [`token ${adminKey}`, basic(adminKey), `Bearer ${adminToken}`]) {
      assert.deepEqual(await loggedUser(authorization), { status: 200, body: { message: bootstrapAdmin.username } }, authorization.slice(0, 6));
    }
  });

  it('get_logged_user refuses no credential and a wrong secret', async () => {
    assert.equal((await loggedUser()).status, 401);
    const [key] = adminKey.split(':');
    const wrong = await loggedUser(`token ${key}:tst_${'a'.repeat(49)}`);
    assert.deepEqual([wrong.status, wrong.body['code']], [401, 'token_authentication_failed']);
  });

  it('generate_keys (an admin\'s key, user= by username or email, form or query) returns a new secret that works at once', async () => {
    const created = await fetch(`${platform.urls.gateway}/api/v1/admin/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${adminToken}` },
      body: JSON.stringify({ username: 'frappe-bot', email: 'frappe-bot@example.com', password: testPassword() }),
    });
    assert.equal(created.status, 201);
    const first = await generateKeys(`token ${adminKey}`, { user: 'frappe-bot' });
    assert.equal(first.status, 200);
    const firstKeys = first.body['message'] as { api_key: string; api_secret: string };
    assert.deepEqual(await loggedUser(`token ${firstKeys.api_key}:${firstKeys.api_secret}`), { status: 200, body: { message: 'frappe-bot' } });

    const second = await generateKeys(basic(adminKey), undefined, '?user=frappe-bot%40example.com');
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const secondKeys = second.body['message'] as { api_key: string; api_secret: string };
    assert.equal(secondKeys.api_key, firstKeys.api_key, 'the key is stable');
    assert.equal((await loggedUser(`token ${firstKeys.api_key}:${firstKeys.api_secret}`)).status, 401, 'the old secret stops working');
    assert.equal((await loggedUser(`token ${secondKeys.api_key}:${secondKeys.api_secret}`)).status, 200);

    const refused = await generateKeys(`token ${secondKeys.api_key}:${secondKeys.api_secret}`, { user: 'frappe-bot' });
    assert.deepEqual([refused.status, refused.body['code']], [403, 'permission_denied'], 'only admins generate keys');
  });

  it('generate_keys answers 404 for an unknown user and 400 when no user is named', async () => {
    assert.deepEqual((await generateKeys(`token ${adminKey}`, { user: 'nobody-here' })).status, 404);
    const unnamed = await generateKeys(`token ${adminKey}`);
    assert.deepEqual([unnamed.status, unnamed.body['code']], [400, 'validation_error']);
  });
});
