import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';
import { startRecordingUpstream } from '../testing/recording-upstream.ts';

type Json = Record<string, unknown>;
type Policy = Record<string, { allow?: string[]; block?: string[] }>;

describe("gateway: its own routes are resources of a token's policy", () => {
  let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
  let platform: Platform;
  let admin: string;

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const headers: Record<string, string> = { 'user-agent': 'sdk|py|0.30' };
    if (token) headers['authorization'] = `Token ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${platform.urls.gateway}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Json & Json[] };
  };
  /** A token of the owner's, narrowed to the given resources, of a single-token client type (its logout ends them all). */
  const narrowed = async (owner: string, resources: Policy) => {
    const created = await call('POST', '/api/v1/auth/tokens/', owner, { note: 'narrowed', policy: { resources }, client_type: 'qfield' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body['token'] as string;
  };
  const newUser = async (username: string) => {
    const password = testPassword(username);
    const created = await call('POST', '/api/v1/admin/users/', admin, { username, email: `${username}@example.com`, password });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: created.body['pk'] as string, token: await gatewayLogin(platform.urls.gateway, { username, password, userAgent: 'sdk|py|0.30' }) };
  };
  const policyRefusal = (method: string, resource: string) => ({
    code: 'permission_denied',
    message: `This token's policy does not allow ${method} on the resource "${resource}".`,
  });
  const ordersOnly: Policy = { orders: { allow: ['*'] } };
  const reachesOrders = async (token: string) => {
    const marker = randomUUID();
    const response = await fetch(`${platform.urls.gateway}/svc/orders/${marker}`, { headers: { authorization: `Token ${token}` } });
    return response.status === 201 && upstream.receivedWith(marker).length === 1;
  };

  before(async () => {
    upstream = await startRecordingUpstream();
    const routes = [{ prefix: '/svc/orders', upstream: `${upstream.url}/orders-api`, resource: 'orders' }];
    platform = await startPlatform('gateway_policy_resources', { services: ['token-service', 'gateway'], env: { GATEWAY_PROXY_ROUTES: JSON.stringify(routes) } });
    admin = await gatewayLogin(platform.urls.gateway, { userAgent: 'sdk|py|0.30' });
  });

  after(async () => {
    await platform?.stop();
    await upstream?.close();
  });

  it('refuses a token narrowed to a proxied resource every account and tokens route, and it still reaches that resource', async () => {
    const user = await newUser('narrowed-user');
    const narrow = await narrowed(user.token, ordersOnly);
    assert.ok(await reachesOrders(narrow), 'the resource it was made for');

    const ownTokenId = (await call('GET', '/api/v1/auth/tokens/', user.token)).body.find((token) => token['current'] === true)!['id'] as string;
    const routes: [method: string, path: string, resource: string, body?: Json][] = [
      ['GET', '/api/v1/auth/user/', 'account'],
      ['GET', '/api/v1/auth/logout/', 'account'],
      ['POST', '/api/v1/auth/logout/', 'account'],
      ['POST', '/api/v1/auth/logout/everywhere/', 'account'],
      ['GET', '/api/v1/auth/tokens/', 'tokens'],
      ['POST', '/api/v1/auth/tokens/', 'tokens', { note: 'wider' }],
      ['DELETE', `/api/v1/auth/tokens/${ownTokenId}/`, 'tokens'],
    ];
    for (const [method, path, resource, body] of routes) {
      assert.deepEqual(await call(method, path, narrow, body), { status: 403, body: policyRefusal(method, resource) }, `${method} ${path}`);
    }

    assert.ok(await reachesOrders(narrow), 'no logout took effect: the token still works');
    assert.equal((await call('GET', '/api/v1/auth/user/', user.token)).status, 200, "and so do the user's other tokens");
  });

  it("refuses Frappe's methods to such a token in Frappe's shape, naming the resource each acts on", async () => {
    const narrow = await narrowed(admin, ordersOnly);
    for (const [method, name, resource] of [
      ['GET', 'frappe.auth.get_logged_user', 'account'],
      ['POST', 'frappe.core.doctype.user.user.generate_keys', 'admin'],
    ] as const) {
      const answer = await call(method, `/api/method/${name}`, narrow, method === 'POST' ? { user: 'admin' } : undefined);
      assert.equal(answer.status, 403, name);
      assert.deepEqual([answer.body['exc_type'], answer.body['code'], answer.body['message']], ['PermissionError', ...Object.values(policyRefusal(method, resource))], name);
    }
  });

  it("refuses an admin's token whose policy leaves out admin every admin route", async () => {
    const target = await newUser('admin-target');
    const targetTokenId = (await call('GET', '/api/v1/auth/tokens/', target.token)).body[0]!['id'] as string;
    const narrow = await narrowed(admin, ordersOnly);
    const routes: [method: string, path: string, body?: Json][] = [
      ['POST', '/api/v1/admin/users/', { username: 'never-made', email: 'never-made@example.com', password: testPassword('never-made') }],
      ['GET', `/api/v1/admin/users/${target.id}/`],
      ['POST', `/api/v1/admin/users/${target.id}/deactivate/`],
      ['POST', `/api/v1/admin/users/${target.id}/reactivate/`],
      ['POST', `/api/v1/admin/users/${target.id}/api-key/`],
      ['GET', '/api/v1/admin/tokens/'],
      ['POST', '/api/v1/admin/tokens/expire/', { user_id: target.id }],
      ['DELETE', `/api/v1/admin/tokens/${targetTokenId}/`],
    ];
    for (const [method, path, body] of routes) {
      assert.deepEqual(await call(method, path, narrow, body), { status: 403, body: policyRefusal(method, 'admin') }, `${method} ${path}`);
    }
    assert.equal((await call('GET', '/api/v1/auth/user/', target.token)).status, 200, 'the target was neither deactivated nor logged out');
  });

  it('lets a token through to the routes of the resources its policy names, and only with the methods it allows', async () => {
    const user = await newUser('account-reader');
    const reader = await narrowed(user.token, { ...ordersOnly, account: { allow: ['GET'] } });
    const me = await call('GET', '/api/v1/auth/user/', reader);
    assert.deepEqual([me.status, me.body['username']], [200, 'account-reader']);
    const logged = await call('GET', '/api/method/frappe.auth.get_logged_user', reader);
    assert.deepEqual([logged.status, logged.body['message']], [200, 'account-reader']);
    assert.deepEqual(await call('POST', '/api/v1/auth/logout/', reader), { status: 403, body: policyRefusal('POST', 'account') });

    const leaver = await narrowed(user.token, { account: { allow: ['POST'] } });
    assert.deepEqual(await call('POST', '/api/v1/auth/logout/', leaver), { status: 200, body: { detail: 'Successfully logged out.' } });
    assert.equal((await call('GET', '/api/v1/auth/user/', leaver)).status, 401, 'logged out');

    // Past the gateway, the token service still lets no token with a policy manage credentials (it could mint itself
    // a wider one): naming the resource moves the refusal there, with its own reason.
    const manager = await narrowed(admin, { tokens: { allow: ['*'] }, admin: { allow: ['*'] } });
    for (const path of ['/api/v1/auth/tokens/', '/api/v1/admin/tokens/']) {
      const answer = await call('GET', path, manager);
      assert.equal(answer.status, 403, path);
      assert.match(answer.body['message'] as string, /^A token with a policy cannot manage tokens/, path);
    }
  });

  it("asks a policy's * section about the gateway's routes as about any other resource", async () => {
    const user = await newUser('star-reader');
    const readAnything = await narrowed(user.token, { '*': { allow: ['GET'] } });
    assert.equal((await call('GET', '/api/v1/auth/user/', readAnything)).status, 200);
    assert.deepEqual(await call('POST', '/api/v1/auth/logout/', readAnything), { status: 403, body: policyRefusal('POST', 'account') });
    assert.equal((await call('GET', '/api/v1/auth/user/', readAnything)).status, 200, 'still signed in');
  });

  it('documents the resource of every operation that needs a credential, and the resources in the policy schema', async () => {
    const document = (await (await fetch(`${platform.urls.gateway}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
    };
    // Sign-in and django-tokenapi's check take a password or the token in question, never the caller's credential; so
    // do the session sign-ins (Frappe's at /api/method/login and at / with cmd=login, which also takes cmd=logout).
    const signIn = new Set([
      '/api/v1/auth/login/', '/api/v1/auth/token/', '/token/new.json', '/token/{token}/{userJson}',
      'post /console/session', '/api/method/login', '/api/method/login/', '/',
    ]);
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method, operation]) => operation.responses['401'] !== undefined && !signIn.has(path) && !signIn.has(`${method} ${path}`))
        .map(([method, operation]) => `${method} ${path}: ${/on the resource "(\w+)"/.exec(operation.description ?? '')?.[1]}`),
    );
    assert.ok(described.length > 20, described.join('\n'));
    assert.deepEqual(described.filter((line) => !/: (account|tokens|admin)$/.test(line)), []);
    assert.ok(described.includes('get /api/v1/auth/user/: account'));
    assert.ok(described.includes('delete /api/v1/auth/tokens/{token_id}/: tokens'));
    assert.ok(described.includes('post /api/method/frappe.core.doctype.user.user.generate_keys: admin'));
    const policy = descriptions(document).find((text) => text.startsWith('A Djblets policy')) ?? '';
    for (const resource of ['account', 'tokens', 'admin', 'audit']) assert.ok(policy.includes(`"${resource}"`), `${resource} in: ${policy}`);
  });
});

/** Every `description` anywhere in a document. */
function descriptions(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'description' && typeof inner === 'string' ? [inner] : descriptions(inner)));
}
