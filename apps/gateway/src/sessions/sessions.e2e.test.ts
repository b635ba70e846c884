import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, gatewayLogin, startPlatform, testPassword, uniqueName, waitFor, type Platform } from '@tessera/testing';

type Json = Record<string, unknown>;
const browser = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A browser's session against a real gateway: its cookie and CSRF token, kept as a browser keeps them. */
interface Session {
  cookie: string;
  setCookie: string;
  csrf: string;
}

/**
 * Console sessions through the real services: a browser login at the token service (throttled, recorded, revocable
 * like any token), held by a cookie that Redis knows only by its digest.
 */
describe('gateway: console sessions', () => {
  let platform: Platform;
  let admin: string;
  // A second gateway on the same services whose sessions end within seconds, for the idle and absolute limits.
  let brief: string;
  const idleSeconds = 2;
  const maxSeconds = 6;

  const signIn = async (gateway: string, credentials: Json, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gateway}/console/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': browser, ...headers },
      body: JSON.stringify(credentials),
    });
    return { status: response.status, body: (await response.json()) as Json, setCookies: response.headers.getSetCookie() };
  };
  const session = async (gateway: string, username: string, password: string, headers: Record<string, string> = {}): Promise<Session> => {
    const { status, body, setCookies } = await signIn(gateway, { username, password }, headers);
    assert.equal(status, 200, JSON.stringify(body));
    const setCookie = setCookies.find((value) => value.startsWith('tessera_session='))!;
    return { cookie: setCookie.split(';')[0]!, setCookie, csrf: body['csrf_token'] as string };
  };
  const send = async (gateway: string, method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { 'user-agent': browser, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const currentUser = (gateway: string, { cookie }: Session) => send(gateway, 'GET', '/api/v1/auth/user/', { cookie });
  const newUser = async (prefix: string) => {
    const username = uniqueName(prefix);
    const password = testPassword(username);
    const created = await send(platform.urls.gateway, 'POST', '/api/v1/admin/users/', { authorization: `Token ${admin}` }, { username, email: `${username}@example.com`, password, roles: ['user'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: created.body['pk'] as string, username, password };
  };

  before(async () => {
    platform = await startPlatform('gateway_sessions', { services: ['token-service', 'audit-service', 'gateway'] });
    admin = await gatewayLogin(platform.urls.gateway, { userAgent: 'cli|sessions' });
    const address = `127.0.0.1:${await freePort()}`;
    await platform.startAnother('gateway', { GATEWAY_HTTP_ADDRESS: address, GATEWAY_SESSION_IDLE_SECONDS: String(idleSeconds), GATEWAY_SESSION_MAX_SECONDS: String(maxSeconds) });
    brief = `http://${address}`;
  });

  after(async () => {
    await platform?.stop();
  });

  it('signs in with an HttpOnly SameSite=Lax cookie, a new one each time, recorded as a browser login', async () => {
    const user = await newUser('session-in');
    // Not a browser's agent: the session alone makes it a browser login.
    const first = await session(platform.urls.gateway, user.username, user.password, { 'user-agent': 'curl/8.5.0' });
    assert.match(first.setCookie, /^tessera_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const second = await session(platform.urls.gateway, `${user.username}@example.com`, user.password, { cookie: first.cookie });
    assert.notEqual(second.cookie, first.cookie);
    assert.equal((await currentUser(platform.urls.gateway, first)).status, 401, 'the session signed in over is ended');
    assert.equal((await currentUser(platform.urls.gateway, second)).body['username'], user.username);

    const logins = await waitFor(
      async () => {
        const response = await fetch(`${platform.urls.audit}/api/v1/audit-log?user_id=${user.id}&type=LoginSucceeded&limit=10`, { headers: { authorization: `Token ${admin}` } });
        const { events } = (await response.json()) as { events: Array<{ data: Json }> };
        return events.length === 2 ? events : undefined;
      },
      { timeoutMs: 20_000, description: 'both sign-ins in the audit log' },
    );
    assert.deepEqual(logins.map(({ data }) => data['client_type']), ['browser', 'browser']);
  });

  it('refuses a wrong password exactly as /api/v1/auth/login/ does', async () => {
    const user = await newUser('session-wrong');
    const wrong = { username: user.username, password: `${user.password}-wrong` };
    const viaSession = await signIn(platform.urls.gateway, wrong);
    const viaApi = await send(platform.urls.gateway, 'POST', '/api/v1/auth/login/', {}, wrong);
    assert.deepEqual({ status: viaSession.status, body: viaSession.body }, viaApi);
    assert.equal(viaSession.status, 401);
    assert.deepEqual(viaSession.setCookies, []);
  });

  it("counts failed sign-ins toward the login's lockout, and a locked name is refused as the API refuses it", async () => {
    const user = await newUser('session-locked');
    // LOGIN_MAX_FAILURES is 5 unless configured; the API's wrong attempt of the test above was another user's.
    for (let attempt = 0; attempt < 5; attempt++) await signIn(platform.urls.gateway, { username: user.username, password: 'wrong-password' });
    const right = { username: user.username, password: user.password };
    const viaSession = await signIn(platform.urls.gateway, right);
    const viaApi = await send(platform.urls.gateway, 'POST', '/api/v1/auth/login/', {}, right);
    assert.equal(viaSession.body['code'], 'too_many_failed_login_attempts');
    assert.deepEqual({ status: viaSession.status, body: viaSession.body }, viaApi);
  });

  it('authenticates the JSON API; an unsafe request needs the CSRF token and this origin', async () => {
    const user = await newUser('session-csrf');
    const browserSession = await session(platform.urls.gateway, user.username, user.password);
    assert.equal((await currentUser(platform.urls.gateway, browserSession)).status, 200);

    const create = (headers: Record<string, string>) => send(platform.urls.gateway, 'POST', '/api/v1/auth/tokens/', { cookie: browserSession.cookie, ...headers }, { note: 'from the console' });
    const missing = await create({});
    assert.deepEqual([missing.status, missing.body['code']], [403, 'csrf_failed']);
    const crossOrigin = await create({ 'x-csrf-token': browserSession.csrf, origin: 'https://evil.example' });
    assert.deepEqual([crossOrigin.status, crossOrigin.body['code']], [403, 'csrf_failed']);
    const created = await create({ 'x-csrf-token': browserSession.csrf, origin: platform.urls.gateway });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const withToken = await send(platform.urls.gateway, 'GET', '/api/v1/auth/user/', { authorization: `Token ${created.body['token'] as string}` });
    assert.equal(withToken.body['username'], user.username, 'the token made through the session works on its own');
  });

  it('signs out on the server: the old cookie is refused afterwards', async () => {
    const user = await newUser('session-out');
    const browserSession = await session(platform.urls.gateway, user.username, user.password);
    const out = await fetch(`${platform.urls.gateway}/console/session`, { method: 'DELETE', headers: { cookie: browserSession.cookie, 'x-csrf-token': browserSession.csrf } });
    assert.equal(out.status, 200);
    assert.match(out.headers.getSetCookie().join('\n'), /^tessera_session=; /m);
    assert.equal((await currentUser(platform.urls.gateway, browserSession)).status, 401);
  });

  it("ends at once when the session's token is revoked, and when its user is deactivated", async () => {
    const user = await newUser('session-revoked');
    const revoked = await session(platform.urls.gateway, user.username, user.password);
    assert.equal((await currentUser(platform.urls.gateway, revoked)).status, 200);
    const tokens = await send(platform.urls.gateway, 'GET', `/api/v1/admin/tokens/?user_id=${user.id}`, { authorization: `Token ${admin}` });
    const browserToken = (tokens.body as unknown as Array<{ id: string; client_type: string; valid: boolean }>).find((token) => token.client_type === 'browser' && token.valid)!;
    assert.equal((await send(platform.urls.gateway, 'DELETE', `/api/v1/admin/tokens/${browserToken.id}/`, { authorization: `Token ${admin}` })).status, 200);
    assert.equal((await currentUser(platform.urls.gateway, revoked)).status, 401);

    const deactivated = await session(platform.urls.gateway, user.username, user.password);
    assert.equal((await currentUser(platform.urls.gateway, deactivated)).status, 200);
    const deactivate = await send(platform.urls.gateway, 'POST', `/api/v1/admin/users/${user.id}/deactivate/`, { authorization: `Token ${admin}` }, { reason: 'session drill' });
    assert.equal(deactivate.status, 200, JSON.stringify(deactivate.body));
    assert.equal((await currentUser(platform.urls.gateway, deactivated)).status, 401);
  });

  it('ends a session left idle, and a session in use at its absolute lifetime', async () => {
    const user = await newUser('session-time');
    const idle = await session(brief, user.username, user.password);
    const started = Date.now();
    await waitFor(async () => (await currentUser(brief, idle)).status === 401 || undefined, { timeoutMs: 10_000, intervalMs: 2_500, description: 'the idle session ending' });
    assert.ok(Date.now() - started >= idleSeconds * 1000, 'not before the idle timeout');

    const busy = await session(brief, user.username, user.password);
    const signedInAt = Date.now();
    // Used more often than the idle timeout: only the absolute lifetime can end it.
    await waitFor(async () => (await currentUser(brief, busy)).status === 401 || undefined, { timeoutMs: 20_000, intervalMs: 500, description: 'the busy session ending' });
    assert.ok(Date.now() - signedInAt >= maxSeconds * 1000, 'kept alive by use until the absolute lifetime');
  });
});
