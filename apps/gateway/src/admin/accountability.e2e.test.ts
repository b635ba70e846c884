import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayCall, gatewayLogin, startPlatform, testPassword, waitFor, type Platform } from '@tessera/testing';

type Json = Record<string, unknown>;
interface AuditEvent {
  type: string;
  actor: { user_id: string; credential: string; credential_id: string } | null;
  data: Json;
}

/**
 * Issue 15, findings 7 and 8, through the real HTTP API: every admin action names its actor in the audit log; one admin
 * cannot take over another through an API secret; lifetimes are capped; deactivation ends a user's tokens for good.
 */
describe('gateway: accountable admin actions and bounded credentials', () => {
  let platform: Platform;
  let admin: { token: string; id: string; tokenId: string };

  const call = (method: string, path: string, token: string, body?: unknown) => gatewayCall(platform.urls.gateway, method, path, token, body);
  const newUser = async (username: string, roles = ['user']) => {
    const password = testPassword(username);
    const created = await call('POST', '/api/v1/admin/users/', admin.token, { username, email: `${username}@example.com`, password, roles });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: created.body['pk'] as string, password };
  };

  before(async () => {
    // A browser token's own lifetime is a working day, and therefore also the most one may ask for.
    platform = await startPlatform('accountability', { services: ['token-service', 'audit-service', 'gateway'], env: { TOKEN_TTL_HOURS_BROWSER: '8' } });
    const token = await gatewayLogin(platform.urls.gateway);
    const me = await call('GET', '/api/v1/auth/user/', token);
    const tokens = await fetch(`${platform.urls.gateway}/api/v1/auth/tokens/`, { headers: { authorization: `Token ${token}` } });
    const current = ((await tokens.json()) as Array<{ id: string; current: boolean }>).find((t) => t.current)!;
    admin = { token, id: me.body['pk'] as string, tokenId: current.id };
  });

  after(async () => {
    await platform?.stop();
  });

  it("records the admin and the token it acted with on every event it causes, and the audit log shows them", async () => {
    const user = await newUser('subject');
    assert.equal((await call('POST', `/api/v1/admin/users/${user.id}/api-key/`, admin.token, {})).status, 201);
    await gatewayLogin(platform.urls.gateway, { username: 'subject', password: user.password, userAgent: 'cli|subject' });
    assert.equal((await call('POST', `/api/v1/admin/users/${user.id}/deactivate/`, admin.token, { reason: 'audit drill' })).status, 200);
    assert.equal((await call('POST', `/api/v1/admin/users/${user.id}/reactivate/`, admin.token, {})).status, 200);

    const acted = ['UserRegistered', 'ApiKeyGenerated', 'UserDeactivated', 'TokenRevoked', 'UserReactivated'];
    const events = await waitFor(
      async () => {
        const response = await fetch(`${platform.urls.audit}/api/v1/audit-log?user_id=${user.id}&limit=500`, { headers: { authorization: `Token ${admin.token}` } });
        const { events } = (await response.json()) as { events: AuditEvent[] };
        return acted.every((type) => events.some((event) => event.type === type)) ? events : undefined;
      },
      { timeoutMs: 20_000, description: "the subject's events in the audit log" },
    );
    const byAdmin = { user_id: admin.id, credential: 'token', credential_id: admin.tokenId };
    for (const type of acted) {
      for (const event of events.filter((e) => e.type === type)) {
        assert.deepEqual(event.actor, byAdmin, `${type} names the admin who acted`);
        assert.deepEqual(event.data['actor'], byAdmin, `${type} keeps the actor in its data`);
      }
    }
    assert.equal(events.find((event) => event.type === 'LoginSucceeded')?.actor, null, 'a login has no actor beside the user');
  });

  it("refuses an admin another admin's API secret, while its own and a user's are still made", async () => {
    const other = await newUser('second-admin', ['admin']);
    const refused = await call('POST', `/api/v1/admin/users/${other.id}/api-key/`, admin.token, {});
    assert.deepEqual([refused.status, refused.body['code'], refused.body['message']], [403, 'permission_denied', 'An admin cannot generate API keys for another admin.']);
    const otherToken = await gatewayLogin(platform.urls.gateway, { username: 'second-admin', password: other.password });
    assert.equal((await call('POST', `/api/v1/admin/users/${other.id}/api-key/`, otherToken, {})).status, 201, 'an admin makes its own');
    const user = await newUser('keyed-user');
    assert.equal((await call('POST', `/api/v1/admin/users/${user.id}/api-key/`, admin.token, {})).status, 201);
  });

  it('caps a requested lifetime at a year by default, and at the client type\'s own lifetime', async () => {
    const year = 365 * 24 * 3600;
    const create = (body: Json) => call('POST', '/api/v1/auth/tokens/', admin.token, { note: 'lifetime', ...body });
    const tooLong = await create({ expires_in_seconds: year + 1 });
    // The gateway's schema states the cap (TOKEN_MAX_TTL_HOURS), so the refusal comes before the token service's own.
    assert.deepEqual([tooLong.status, tooLong.body['message']], [400, 'Invalid body: body/expires_in_seconds must be <= 31536000']);
    const yearLong = await create({ expires_in_seconds: year });
    assert.equal(yearLong.status, 201);
    assert.equal(Date.parse(yearLong.body['expires_at'] as string) - Date.parse(yearLong.body['created_at'] as string), year * 1000);

    const browser = await create({ client_type: 'browser', expires_in_seconds: 8 * 3600 + 1 });
    assert.deepEqual([browser.status, browser.body['message']], [400, 'expires_in_seconds must be at most 28800 (8 hours) for a browser token.']);
    assert.equal((await create({ client_type: 'browser', expires_in_seconds: 8 * 3600 })).status, 201);
  });

  it("deactivation ends the user's tokens at once, and reactivation revives none of them", async () => {
    const user = await newUser('returner');
    const session = await gatewayLogin(platform.urls.gateway, { username: 'returner', password: user.password, userAgent: 'cli|returner' });
    const named = await call('POST', '/api/v1/auth/tokens/', session, { note: 'nightly job', expires_in_seconds: 3600 });
    const tokens = [session, named.body['token'] as string];
    // Each answered once, so the refusals below come through the validation caches' invalidation, not a cold lookup.
    for (const token of tokens) assert.equal((await call('GET', '/api/v1/auth/user/', token)).status, 200);

    assert.equal((await call('POST', `/api/v1/admin/users/${user.id}/deactivate/`, admin.token, {})).status, 200);
    for (const token of tokens) assert.equal((await call('GET', '/api/v1/auth/user/', token)).status, 401);
    const listed = await call('GET', `/api/v1/admin/tokens/?user_id=${user.id}&include_invalid=true`, admin.token);
    const invalid = listed.body as unknown as Array<{ valid: boolean; invalid_reason: string }>;
    assert.deepEqual(invalid.map((t) => [t.valid, t.invalid_reason]), [[false, 'user_deactivated'], [false, 'user_deactivated']]);

    assert.equal((await call('POST', `/api/v1/admin/users/${user.id}/reactivate/`, admin.token, {})).status, 200);
    for (const token of tokens) {
      const refused = await call('GET', '/api/v1/auth/user/', token);
      assert.deepEqual([refused.status, refused.body['code']], [401, 'token_authentication_failed']);
    }
    const fresh = await gatewayLogin(platform.urls.gateway, { username: 'returner', password: user.password, userAgent: 'cli|returner' });
    assert.equal((await call('GET', '/api/v1/auth/user/', fresh)).status, 200, 'the reactivated user signs in again');
  });
});
