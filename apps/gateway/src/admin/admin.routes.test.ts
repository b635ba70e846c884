import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { alice, aliceToken, fakeTokenService, grpcRefusal, validVerdict } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

const tokenService = fakeTokenService();
const app = await gatewayUnderTest({ after }, { tokenService });
const signedIn = { authorization: 'Token tst_admin' };
const asAdmin = async () => validVerdict({}, { id: 'usr_root', username: 'root', roles: ['admin'] });
const bob = { ...alice, id: 'usr_bob', username: 'bob', email: 'bob@example.org', first_name: 'Bob', last_name: '', roles: ['user'] };
const bobView = { pk: 'usr_bob', username: 'bob', email: 'bob@example.org', first_name: 'Bob', last_name: '', roles: ['user'], active: true };

describe('admin routes', () => {
  it('refuses a signed-in user who is not an admin with 403 on every route, sparing the token service the call', async () => {
    const routes = [
      { method: 'POST' as const, url: '/api/v1/admin/users/', payload: { username: 'bob', email: 'bob@example.org', password: 'long enough' } },
      { method: 'GET' as const, url: '/api/v1/admin/users/usr_bob/' },
      { method: 'POST' as const, url: '/api/v1/admin/users/usr_bob/deactivate/' },
      { method: 'POST' as const, url: '/api/v1/admin/users/usr_bob/reactivate/' },
      { method: 'POST' as const, url: '/api/v1/admin/users/usr_bob/api-key/' },
      { method: 'GET' as const, url: '/api/v1/admin/tokens/' },
      { method: 'POST' as const, url: '/api/v1/admin/tokens/expire/', payload: { user_id: 'usr_bob' } },
      { method: 'DELETE' as const, url: '/api/v1/admin/tokens/tok_bob1/' },
      { method: 'GET' as const, url: '/api/v1/admin/lockouts/bob/' },
      { method: 'DELETE' as const, url: '/api/v1/admin/lockouts/bob/' },
    ];
    for (const route of routes) {
      tokenService.answer({ validate: async () => validVerdict() });
      const response = await app.inject({ ...route, headers: signedIn });
      assert.equal(response.statusCode, 403, route.url);
      assert.deepEqual(response.json(), { code: 'permission_denied', message: 'You do not have permission to perform this action.' }, route.url);
      assert.deepEqual(tokenService.calls.map(({ method }) => method), ['validate'], route.url);
    }
  });

  it('creates a user, with the role user and empty names unless given', async () => {
    tokenService.answer({ validate: asAdmin, createUser: async () => bob });
    const response = await app.inject({ method: 'POST', url: '/api/v1/admin/users/', headers: signedIn, payload: { username: 'bob', email: 'bob@example.org', password: 'long enough' } });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(response.json(), bobView);
    assert.deepEqual(tokenService.calls[1]!.args[1], { username: 'bob', email: 'bob@example.org', password: 'long enough', first_name: '', last_name: '', roles: ['user'] });
  });

  it('refuses a user the schema does not allow with 400 naming the field', async () => {
    const refusals: Array<[object, string]> = [
      [{ username: 'bob', email: 'bob@example.org', password: 'short' }, 'Invalid body: body/password must NOT have fewer than 8 characters'],
      [{ username: 'bob smith', email: 'bob@example.org', password: 'long enough' }, 'Invalid body: body/username must match pattern "^[A-Za-z0-9_.@+-]{1,150}$"'],
      [{ username: 'bob', email: 'bob@example.org', password: 'long enough', roles: ['user', 'user'] }, 'Invalid body: body/roles must NOT have duplicate items (items ## 0 and 1 are identical)'],
    ];
    for (const [payload, message] of refusals) {
      tokenService.answer({ validate: asAdmin });
      const response = await app.inject({ method: 'POST', url: '/api/v1/admin/users/', headers: signedIn, payload });
      assert.equal(response.statusCode, 400, message);
      assert.deepEqual(response.json(), { code: 'validation_error', message });
    }
  });

  it('deactivates a user with the reason given, or an administrator\'s by default', async () => {
    tokenService.answer({ validate: asAdmin, deactivateUser: async () => ({ ...bob, active: false }) });
    const given = await app.inject({ method: 'POST', url: '/api/v1/admin/users/usr_bob/deactivate/', headers: signedIn, payload: { reason: 'left the team' } });
    assert.deepEqual({ status: given.statusCode, body: given.json() as unknown }, { status: 200, body: { ...bobView, active: false } });
    await app.inject({ method: 'POST', url: '/api/v1/admin/users/usr_bob/deactivate/', headers: signedIn });
    const reasons = tokenService.calls.filter(({ method }) => method === 'deactivateUser').map(({ args }) => args[1]);
    assert.deepEqual(reasons, [{ user_id: 'usr_bob', reason: 'left the team' }, { user_id: 'usr_bob', reason: 'deactivated by an administrator' }]);
  });

  it("lists everyone's tokens unless a user is named, and expires a user's tokens", async () => {
    tokenService.answer({ validate: asAdmin, listTokens: async () => ({ tokens: [aliceToken] }), revokeAllTokens: async () => ({ revoked: 2 }) });
    assert.equal((await app.inject({ url: '/api/v1/admin/tokens/', headers: signedIn })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/v1/admin/tokens/?user_id=usr_bob&client_type=cli&include_invalid=true', headers: signedIn })).statusCode, 200);
    const expired = await app.inject({ method: 'POST', url: '/api/v1/admin/tokens/expire/', headers: signedIn, payload: { user_id: 'usr_bob' } });
    assert.deepEqual(expired.json(), { expired: 2 });
    assert.deepEqual(
      tokenService.calls.filter(({ method }) => method !== 'validate').map(({ method, args }) => [method, args[1]]),
      [
        ['listTokens', { user_id: '', all_users: true, client_type: '', include_invalid: false }],
        ['listTokens', { user_id: 'usr_bob', all_users: false, client_type: 'cli', include_invalid: true }],
        ['revokeAllTokens', { user_id: 'usr_bob', client_type: '' }],
      ],
    );
  });

  it('refuses an id that is not a user id with 400 before asking anything but Validate', async () => {
    tokenService.answer({ validate: asAdmin });
    const response = await app.inject({ url: '/api/v1/admin/users/tok_bob1/', headers: signedIn });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), { code: 'validation_error', message: 'Invalid params: params/user_id must match pattern "^usr_[A-Za-z0-9_-]{1,60}$"' });
    assert.deepEqual(tokenService.calls.map(({ method }) => method), ['validate']);
  });

  it('answers the last-admin and self refusals 409 with their codes and what to do', async () => {
    const refusals = [
      grpcRefusal(status.FAILED_PRECONDITION, 'This is the last active admin: create or reactivate another admin first, then deactivate this one.', 'last_active_admin'),
      grpcRefusal(status.FAILED_PRECONDITION, 'You cannot deactivate yourself: ask another admin to do it.', 'cannot_deactivate_self'),
    ];
    for (const refusal of refusals) {
      tokenService.answer({ validate: asAdmin, deactivateUser: async () => Promise.reject(refusal) });
      const response = await app.inject({ method: 'POST', url: '/api/v1/admin/users/usr_root/deactivate/', headers: signedIn });
      assert.deepEqual({ status: response.statusCode, body: response.json() as unknown }, { status: 409, body: { code: refusal.metadata.get('tessera-error-code')[0], message: refusal.details } });
    }
  });

  it("reads a login name's lockout, and lifts it, answering what was lifted", async () => {
    const locked = { user_id: 'usr_bob', failures: 5, locked_everywhere: false, locked_addresses: 1, locked_until: '2026-11-29T12:30:00.000Z' };
    tokenService.answer({ validate: asAdmin, getLoginLockout: async () => locked, liftLoginLockout: async () => locked });
    const read = await app.inject({ url: '/api/v1/admin/lockouts/Bob@Example.org/', headers: signedIn });
    const view = { user_id: 'usr_bob', failures: 5, locked: true, locked_everywhere: false, locked_addresses: 1, locked_until: '2026-11-29T12:30:00.000Z' };
    assert.deepEqual({ status: read.statusCode, body: read.json() as unknown }, { status: 200, body: view });
    const lifted = await app.inject({ method: 'DELETE', url: '/api/v1/admin/lockouts/bob/', headers: signedIn });
    assert.deepEqual({ status: lifted.statusCode, body: lifted.json() as unknown }, { status: 200, body: view });
    assert.deepEqual(
      tokenService.calls.filter(({ method }) => method !== 'validate').map(({ method, args }) => [method, args[1]]),
      [['getLoginLockout', { login: 'Bob@Example.org' }], ['liftLoginLockout', { login: 'bob' }]],
    );
  });

  it('answers a name with no failures as not locked, with no end', async () => {
    tokenService.answer({ validate: asAdmin, getLoginLockout: async () => ({ user_id: 'usr_bob', failures: 0, locked_everywhere: false, locked_addresses: 0, locked_until: '' }) });
    const response = await app.inject({ url: '/api/v1/admin/lockouts/bob/', headers: signedIn });
    assert.deepEqual(response.json(), { user_id: 'usr_bob', failures: 0, locked: false, locked_everywhere: false, locked_addresses: 0, locked_until: null });
  });

  it('answers a name of nobody 404, and a name with a control character 400 without asking', async () => {
    tokenService.answer({ validate: asAdmin, getLoginLockout: async () => Promise.reject(grpcRefusal(status.NOT_FOUND, 'No such user.', 'user_not_found')) });
    const unknown = await app.inject({ url: '/api/v1/admin/lockouts/nobody/', headers: signedIn });
    assert.deepEqual({ status: unknown.statusCode, body: unknown.json() as unknown }, { status: 404, body: { code: 'object_not_found', message: 'No such user.' } });
    tokenService.answer({ validate: asAdmin });
    const hostile = await app.inject({ method: 'DELETE', url: '/api/v1/admin/lockouts/bob%07/', headers: signedIn });
    assert.equal(hostile.statusCode, 400);
    assert.deepEqual(tokenService.calls.map(({ method }) => method), ['validate']);
  });
});
