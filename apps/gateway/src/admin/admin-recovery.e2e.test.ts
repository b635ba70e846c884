import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAdmin, gatewayCall, gatewayLogin, startPlatform, testPassword, waitFor, type Platform } from '@tessera/testing';

type Json = Record<string, unknown>;

/**
 * Issues 11 and 13 through the real HTTP API: an installation cannot be left without an active admin, and an admin
 * lifts a login lockout, which the audit log then shows.
 */
describe('gateway: the last active admin, and lifting a login lockout', () => {
  let platform: Platform;
  let admin: { token: string; id: string };
  const password = testPassword('locked');

  const call = (method: string, path: string, token: string, body?: unknown) => gatewayCall(platform.urls.gateway, method, path, token, body);
  const login = (username: string, password: string) =>
    fetch(`${platform.urls.gateway}/api/v1/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }).then(
      async (response) => ({ status: response.status, body: (await response.json()) as Json }),
    );

  before(async () => {
    const env = { LOGIN_MAX_FAILURES: '5', LOGIN_ACCOUNT_MAX_FAILURES: '20', LOGIN_LOCKOUT_MINUTES: '30' };
    platform = await startPlatform('admin_recovery', { services: ['token-service', 'audit-service', 'gateway'], env });
    const token = await gatewayLogin(platform.urls.gateway, { userAgent: 'cli|recovery' });
    admin = { token, id: (await call('GET', '/api/v1/auth/user/', token)).body['pk'] as string };
  });

  after(async () => {
    await platform?.stop();
  });

  it('refuses to deactivate the only active admin with 409 last_active_admin, and the admin still works', async () => {
    const refused = await call('POST', `/api/v1/admin/users/${admin.id}/deactivate/`, admin.token, { reason: 'fuzzing' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body['code'], 'last_active_admin');
    assert.match(String(refused.body['message']), /create or reactivate another admin first/);
    assert.equal((await call('GET', `/api/v1/admin/users/${admin.id}/`, admin.token)).body['active'], true);
  });

  it('locks a name with wrong passwords, reads the lockout, lifts it, and the user signs in; the audit log shows who lifted it', async () => {
    const created = await call('POST', '/api/v1/admin/users/', admin.token, { username: 'locked-out', email: 'locked-out@example.com', password });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const userId = created.body['pk'] as string;
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(`${(await login('locked-out', testPassword('wrong'))).body['code']}`);
    assert.deepEqual(guesses, [...Array.from({ length: 4 }, () => 'authentication_failed'), 'too_many_failed_login_attempts']);
    assert.equal((await login('locked-out', password)).body['code'], 'too_many_failed_login_attempts', 'the right password is refused too');

    const lockout = await call('GET', '/api/v1/admin/lockouts/locked-out/', admin.token);
    assert.equal(lockout.status, 200, JSON.stringify(lockout.body));
    assert.deepEqual({ ...lockout.body, locked_until: undefined }, { user_id: userId, failures: 5, locked: true, locked_everywhere: false, locked_addresses: 1, locked_until: undefined });
    assert.ok(Date.parse(String(lockout.body['locked_until'])) > Date.now() + 29 * 60_000, 'locked for about 30 minutes');

    const lifted = await call('DELETE', '/api/v1/admin/lockouts/locked-out@example.com/', admin.token);
    assert.deepEqual({ status: lifted.status, failures: lifted.body['failures'] }, { status: 200, failures: 5 });
    assert.equal((await call('GET', `/api/v1/admin/lockouts/${userId}/`, admin.token)).body['locked'], false);
    assert.equal((await login('locked-out', password)).status, 200);

    const lift = await waitFor(
      async () => {
        const response = await fetch(`${platform.urls.audit}/api/v1/audit-log?user_id=${userId}&limit=100`, { headers: { authorization: `Token ${admin.token}` } });
        const { events } = (await response.json()) as { events: Array<{ type: string; actor: Json | null; data: Json }> };
        return events.find((event) => event.type === 'LoginLockoutLifted');
      },
      { timeoutMs: 20_000, description: 'LoginLockoutLifted in the audit log' },
    );
    assert.equal(lift.data['failures'], 5);
    assert.equal(lift.actor?.['user_id'], admin.id, 'the audit log names the admin who lifted it');
  });

  it('refuses the lockout routes to a user who is not an admin', async () => {
    const user = await gatewayLogin(platform.urls.gateway, { username: 'locked-out', password, userAgent: 'cli|user' });
    assert.equal((await call('GET', `/api/v1/admin/lockouts/${bootstrapAdmin.username}/`, user)).status, 403);
    assert.equal((await call('DELETE', `/api/v1/admin/lockouts/${bootstrapAdmin.username}/`, user)).status, 403);
  });
});
