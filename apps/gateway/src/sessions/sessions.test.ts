import { after, afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { LoginResponse__Output } from '@tessera/contracts';
import { tooManyFailedLogins } from '@tessera/domain';
import { alice, fakeTokenService, grpcRefusal, refusedVerdict, validVerdict, type Answers } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';
import { SessionStoreUnavailable } from './session-store.ts';

const tokenService = fakeTokenService();
// A TLS terminator on loopback: X-Forwarded-Proto tells the gateway when the browser's connection was TLS.
const app = await gatewayUnderTest({ after }, { tokenService, env: { TRUSTED_PROXIES: '127.0.0.1/32', GATEWAY_SESSION_IDLE_SECONDS: '600', GATEWAY_SESSION_MAX_SECONDS: '3600' } });

let issued = 0;
const loggedIn = (): LoginResponse__Output => {
  issued += 1;
  const token = { id: `tok_session${issued}`, token: `tst_session-token-${issued}`, masked: 'tst_s…', client_type: 'browser', created_at: '2026-11-29T10:00:00.000Z', expires_at: '2099-01-01T00:00:00.000Z' };
  return { user: alice, token };
};
/** The token service as a session sees it: logins succeed, and a token issued by them is valid until logged out. */
const liveTokens = new Set<string>();
const signedInTokenService = (more: Answers = {}): Answers => ({
  login: async () => {
    const response = loggedIn();
    liveTokens.add(response.token!.token);
    return response;
  },
  validate: async (credential) => ('token' in credential && liveTokens.has(credential.token) ? validVerdict({ client_type: 'browser' }) : refusedVerdict('NOT_FOUND')),
  logout: async ({ credential }) => {
    if ('token' in credential) liveTokens.delete(credential.token);
    return { expired: 1 };
  },
  ...more,
});

const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
async function signIn(headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'POST', url: '/console/session', headers: { 'user-agent': browser, ...headers }, payload: { username: 'alice', password: 'correct horse' } });
  assert.equal(response.statusCode, 200, response.body);
  const cookie = response.cookies.find(({ name }) => name.endsWith('tessera_session'))!;
  return { response, cookie, header: `${cookie.name}=${cookie.value}`, csrf: (response.json() as { csrf_token: string }).csrf_token };
}

afterEach(() => mock.timers.reset());

describe('console sessions: sign-in', () => {
  it("sets an HttpOnly, SameSite=Lax cookie holding no token, from a browser login, and answers who and the CSRF token", async () => {
    tokenService.answer(signedInTokenService());
    const { response, cookie, csrf } = await signIn({ 'user-agent': 'curl/8' });
    assert.deepEqual({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path, secure: cookie.secure }, {
      name: 'tessera_session', httpOnly: true, sameSite: 'Lax', path: '/', secure: undefined,
    });
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
    assert.doesNotMatch(response.body + JSON.stringify(response.headers), /tst_session-token/);
    assert.equal(tokenService.calls[0]!.method, 'login');
    assert.deepEqual(tokenService.calls[0]!.args, [{ login: 'alice', password: 'correct horse', clientType: 'browser', userAgent: 'curl/8', ip: '127.0.0.1' }]);
    assert.equal((response.json() as { user: { username: string } }).user.username, 'alice');
    assert.ok(csrf.length >= 40);
  });

  it('over TLS (as a trusted proxy says) the cookie is Secure and __Host- prefixed', async () => {
    tokenService.answer(signedInTokenService());
    const { cookie } = await signIn({ 'x-forwarded-proto': 'https' });
    assert.equal(cookie.name, '__Host-tessera_session');
    assert.equal(cookie.secure, true);
    const tls = await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-forwarded-proto': 'https' } });
    assert.equal(tls.statusCode, 200);
  });

  it('refuses wrong credentials and a lockout exactly as /api/v1/auth/login/ does, setting no cookie', async () => {
    for (const [refusal, domainCode] of [['wrong', undefined], ['locked', tooManyFailedLogins.code]] as const) {
      tokenService.answer({ login: async () => Promise.reject(grpcRefusal(status.UNAUTHENTICATED, refusal, domainCode)) });
      const payload = { username: 'alice', password: 'nope' };
      const session = await app.inject({ method: 'POST', url: '/console/session', payload });
      const api = await app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload });
      assert.deepEqual([session.statusCode, session.json(), session.headers['www-authenticate']], [api.statusCode, api.json(), api.headers['www-authenticate']], refusal);
      assert.equal(session.headers['set-cookie'], undefined);
    }
  });

  it('rotates: signing in again with a session ends that session and sets a new cookie', async () => {
    tokenService.answer(signedInTokenService());
    const first = await signIn();
    const second = await signIn({ cookie: first.header });
    assert.notEqual(second.cookie.value, first.cookie.value);
    assert.ok(tokenService.calls.some(({ method }) => method === 'logout'), "the old session's token is logged out");
    assert.equal((await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: first.header } })).statusCode, 401);
    assert.equal((await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: second.header } })).statusCode, 200);
  });

  it('refuses a sign-in posted from another origin (login CSRF)', async () => {
    tokenService.answer(signedInTokenService());
    const response = await app.inject({ method: 'POST', url: '/console/session', headers: { origin: 'https://evil.example' }, payload: { username: 'alice', password: 'pw' } });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().code, 'csrf_failed');
    assert.equal(tokenService.calls.length, 0);
  });
});

describe('console sessions: the cookie authenticates the JSON API', () => {
  it("answers the current user from the session's token, checked like any token", async () => {
    tokenService.answer(signedInTokenService());
    const { header } = await signIn();
    const response = await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: header } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().username, 'alice');
    assert.deepEqual(tokenService.calls.at(-1)!.args[0], { token: `tst_session-token-${issued}` });
  });

  it('lets an Authorization header win over the cookie, and a bad one is not rescued by it', async () => {
    tokenService.answer(signedInTokenService());
    const { header } = await signIn();
    const response = await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: header, authorization: 'Token tst_other' } });
    assert.equal(response.statusCode, 401);
  });

  it('refuses an unsafe request without the CSRF token, with a wrong one and from another origin; accepts it with the token', async () => {
    tokenService.answer(signedInTokenService());
    const { header, csrf } = await signIn();
    const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: { cookie: header, ...headers } });
    const missing = await post({});
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().code, 'csrf_failed');
    assert.match(missing.json().message, /CSRF token missing/);
    assert.match((await post({ 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` })).json().message, /CSRF token incorrect/);
    const crossOrigin = await post({ 'x-csrf-token': csrf, origin: 'https://evil.example' });
    assert.equal(crossOrigin.statusCode, 403);
    assert.match(crossOrigin.json().message, /Origin checking failed/);
    assert.equal(tokenService.calls.filter(({ method }) => method === 'logout').length, 0, 'nothing refused reached the token service');
    assert.equal((await post({ 'x-csrf-token': csrf, origin: 'http://localhost:80' })).statusCode, 200);
  });

  it("takes the CSRF token from a form's csrf_token field, never from the query string", async () => {
    tokenService.answer(signedInTokenService());
    const { header, csrf } = await signIn();
    const form = { cookie: header, 'content-type': 'application/x-www-form-urlencoded' };
    const inUrl = await app.inject({ method: 'POST', url: `/api/v1/auth/logout/?csrf_token=${csrf}`, headers: form, payload: '' });
    assert.equal(inUrl.statusCode, 403, 'a token in the URL is not read as one');
    const posted = await app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: form, payload: `csrf_token=${csrf}` });
    assert.equal(posted.statusCode, 200, posted.body);
  });

  it('over TLS, a request with no Origin needs a same-origin Referer', async () => {
    tokenService.answer(signedInTokenService());
    const { header, csrf } = await signIn({ 'x-forwarded-proto': 'https' });
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: { cookie: header, 'x-forwarded-proto': 'https', 'x-csrf-token': csrf, ...headers } });
    assert.match((await post({})).json().message, /no Referer/);
    assert.match((await post({ referer: 'https://evil.example/page' })).json().message, /Referer is not/);
    assert.equal((await post({ referer: 'https://localhost:80/console' })).statusCode, 200);
  });

  it('holds requests with an Authorization header to no CSRF check', async () => {
    tokenService.answer({ validate: async () => validVerdict(), logout: async () => ({ expired: 1 }) });
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: { authorization: 'Token tst_alice', origin: 'https://elsewhere.example' } });
    assert.equal(response.statusCode, 200);
  });

  it("ends the session at once when its token stops validating (revoked, user deactivated, password changed)", async () => {
    tokenService.answer(signedInTokenService());
    const { header } = await signIn();
    tokenService.answer(signedInTokenService({ validate: async () => refusedVerdict('REVOKED') }));
    const refused = await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: header } });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.json().message, /session has ended/);
    tokenService.answer(signedInTokenService({ validate: async () => validVerdict() }));
    assert.equal((await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: header } })).statusCode, 401, 'the ended session stays ended');
  });
});

describe('console sessions: ending', () => {
  it('sign-out destroys the session on the server and clears the cookie; it needs the CSRF token', async () => {
    tokenService.answer(signedInTokenService());
    const { header, csrf, cookie } = await signIn();
    assert.equal((await app.inject({ method: 'DELETE', url: '/console/session', headers: { cookie: header } })).statusCode, 403);
    const out = await app.inject({ method: 'DELETE', url: '/console/session', headers: { cookie: header, 'x-csrf-token': csrf } });
    assert.equal(out.statusCode, 200);
    const cleared = out.cookies.find(({ name }) => name === cookie.name)!;
    assert.equal(cleared.value, '');
    assert.ok(tokenService.calls.some(({ method, args }) => method === 'logout' && JSON.stringify(args[0]).includes(`tst_session-token-${issued}`)));
    assert.equal((await app.inject({ url: '/console/session', headers: { cookie: header } })).statusCode, 401);
  });

  it('ends after the idle timeout, and a used session lives on until the absolute lifetime', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    tokenService.answer(signedInTokenService());
    const idle = await signIn();
    const used = await signIn();
    const userOf = (header: string) => app.inject({ url: '/api/v1/auth/user/', headers: { cookie: header } });
    for (let minute = 0; minute < 55; minute += 5) {
      mock.timers.tick(5 * 60 * 1000);
      assert.equal((await userOf(used.header)).statusCode, 200, `used, at ${minute + 5} minutes`);
    }
    assert.equal((await userOf(idle.header)).statusCode, 401, 'idle for more than ten minutes');
    const view = (await app.inject({ url: '/console/session', headers: { cookie: used.header } })).json() as { idle_expires_at: string; expires_at: string };
    assert.equal(Date.parse(view.expires_at) - Date.now(), 5 * 60 * 1000);
    assert.equal(Date.parse(view.idle_expires_at), Date.parse(view.expires_at), 'the idle end never passes the absolute one');
    mock.timers.tick(5 * 60 * 1000);
    assert.equal((await userOf(used.header)).statusCode, 401, 'past the absolute lifetime');
  });
});

describe("Frappe's session login", () => {
  it('answers "Logged In" with a cookie that then authenticates get_logged_user, even posted without a CSRF token', async () => {
    tokenService.answer(signedInTokenService());
    for (const url of ['/api/method/login', '/']) {
      const response = await app.inject({ method: 'POST', url, payload: `cmd=login&usr=alice&pwd=correct+horse`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(response.statusCode, 200, url);
      assert.deepEqual(response.json(), { message: 'Logged In', home_page: '/console', full_name: 'Alice Liddell' });
      const cookie = response.cookies.find(({ name }) => name === 'tessera_session')!;
      const logged = await app.inject({ method: 'POST', url: '/api/method/frappe.auth.get_logged_user', headers: { cookie: `${cookie.name}=${cookie.value}` } });
      assert.deepEqual([logged.statusCode, logged.json()], [200, { message: 'alice' }], url);
      const forged = await app.inject({ method: 'POST', url: '/api/method/frappe.auth.get_logged_user', headers: { cookie: `${cookie.name}=${cookie.value}`, origin: 'https://evil.example' } });
      assert.equal(forged.statusCode, 403, 'a browser from elsewhere is refused by its Origin');
      assert.equal(forged.json().exc_type, 'PermissionError');
    }
  });

  it('never lets a session cookie authenticate the GET form of generate_keys, which changes a secret', async () => {
    tokenService.answer(signedInTokenService());
    const { header } = await signIn();
    const response = await app.inject({ url: '/api/method/frappe.core.doctype.user.user.generate_keys?user=bob', headers: { cookie: header } });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().exc_type, 'PermissionError');
    assert.ok(!tokenService.calls.some(({ method }) => method === 'getUser' || method === 'generateApiKey'));
  });

  it('leaves the root without a cmd as no route', async () => {
    tokenService.answer({});
    for (const method of ['GET', 'POST'] as const) {
      const response = await app.inject({ method, url: '/', ...(method === 'POST' && { payload: {} }) });
      assert.equal(response.statusCode, 404, method);
    }
  });

  it("refuses wrong credentials in Frappe's shape with 401", async () => {
    tokenService.answer({ login: async () => Promise.reject(grpcRefusal(status.UNAUTHENTICATED, 'wrong')) });
    const response = await app.inject({ method: 'POST', url: '/api/method/login', payload: { usr: 'alice', pwd: 'nope' } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().exc_type, 'AuthenticationError');
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it('once the session has asked for its CSRF token, holds it to that token', async () => {
    tokenService.answer(signedInTokenService());
    const login = await app.inject({ method: 'POST', url: '/api/method/login', payload: { usr: 'alice', pwd: 'pw' } });
    const cookie = login.cookies.find(({ name }) => name === 'tessera_session')!;
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    const { csrf_token } = (await app.inject({ url: '/console/session', headers })).json() as { csrf_token: string };
    assert.equal((await app.inject({ method: 'POST', url: '/api/method/frappe.auth.get_logged_user', headers })).statusCode, 403);
    const frappeHeader = await app.inject({ method: 'POST', url: '/api/method/frappe.auth.get_logged_user', headers: { ...headers, 'x-frappe-csrf-token': csrf_token } });
    assert.equal(frappeHeader.statusCode, 200);
  });

  it('logs out by GET /api/method/logout and by cmd=logout, ending the session', async () => {
    tokenService.answer(signedInTokenService());
    for (const url of ['/api/method/logout', '/?cmd=logout']) {
      const { header } = await signIn();
      const out = await app.inject({ url, headers: { cookie: header } });
      assert.deepEqual([out.statusCode, out.json()], [200, {}], url);
      assert.equal((await app.inject({ url: '/api/v1/auth/user/', headers: { cookie: header } })).statusCode, 401, url);
    }
  });
});

describe('sessions while Redis is away', async () => {
  const away = fakeTokenService();
  const unreachable = () => Promise.reject(new SessionStoreUnavailable(new Error('connect ECONNREFUSED')));
  const broken = await gatewayUnderTest({ after }, { tokenService: away, sessionStore: { get: unreachable, put: unreachable, delete: unreachable } });

  it('answers 503, not a refusal to sign in again, and gives back the token a failed sign-in was issued', async () => {
    away.answer({ ...signedInTokenService() });
    const signIn = await broken.inject({ method: 'POST', url: '/console/session', payload: { username: 'alice', password: 'pw' } });
    assert.deepEqual([signIn.statusCode, signIn.json().code, signIn.headers['set-cookie']], [503, 'service_unavailable', undefined]);
    assert.deepEqual(away.calls.map(({ method }) => method), ['login', 'logout']);
    const user = await broken.inject({ url: '/api/v1/auth/user/', headers: { cookie: `tessera_session=${'a'.repeat(43)}` } });
    assert.equal(user.statusCode, 503);
  });
});
