import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { freePort, gatewayLogin, startPlatform, type Platform } from '@tessera/testing';

interface Route {
  method: string;
  path: string;
  /** A body the route would accept, which the hostile cases spoil; routes without one get no body cases. */
  body?: Record<string, unknown>;
  /** Answers without a credential: the credential cases do not apply. */
  public?: true;
  /** django-tokenapi's routes refuse in its own words, `{"success": false, "errors": ...}`, where it would. */
  compat?: true;
  /**
   * Its body is free text (a token's note): an injection string there is a legitimate note, stored and answered
   * verbatim as data, never interpreted. Every field with a format refuses it.
   */
  freeText?: true;
}

interface Hostile {
  name: string;
  /** Text the route may accept as data, if it answers it back unchanged. */
  verbatim?: string;
  headers: Record<string, string>;
  body?: string;
  path?: string;
}

// Every route of the gateway (logouts last: they end the token). Ids in paths are well formed but name nothing.
const routes: Route[] = [
  { method: 'POST', path: '/api/v1/auth/login/', body: { username: 'admin', password: 'x' }, public: true },
  { method: 'POST', path: '/api/v1/auth/token/', body: { username: 'admin', password: 'x' }, public: true },
  { method: 'GET', path: '/api/v1/auth/user/' },
  { method: 'GET', path: '/api/v1/auth/providers/', public: true },
  { method: 'GET', path: '/api/v1/auth/tokens/' },
  { method: 'POST', path: '/api/v1/auth/tokens/', body: { note: 'n' }, freeText: true },
  { method: 'DELETE', path: '/api/v1/auth/tokens/tok_nothing/' },
  { method: 'POST', path: '/api/v1/admin/users/', body: { username: 'u', email: 'u@example.com', password: 'p' } },
  { method: 'GET', path: '/api/v1/admin/users/usr_nothing/' },
  { method: 'POST', path: '/api/v1/admin/users/usr_nothing/deactivate/', body: { reason: 'r' } },
  { method: 'POST', path: '/api/v1/admin/users/usr_nothing/reactivate/' },
  { method: 'POST', path: '/api/v1/admin/users/usr_nothing/api-key/' },
  { method: 'GET', path: '/api/v1/admin/tokens/' },
  { method: 'POST', path: '/api/v1/admin/tokens/expire/', body: { user_id: 'usr_nothing' } },
  { method: 'DELETE', path: '/api/v1/admin/tokens/tok_nothing/' },
  { method: 'POST', path: '/token/new.json', body: { username: 'admin', password: 'x' }, public: true, compat: true },
  { method: 'GET', path: '/token/tst_nothing/admin.json', public: true, compat: true },
  { method: 'GET', path: '/api/method/frappe.auth.get_logged_user' },
  { method: 'POST', path: '/api/method/frappe.core.doctype.user.user.generate_keys', body: { user: 'nobody' } },
  { method: 'GET', path: '/svc/echo/anything' },
  // A proxied form is read for django-tokenapi's parameters; every other body is the upstream's to judge.
  { method: 'POST', path: '/svc/echo/anything', body: { note: 'n' } },
  { method: 'POST', path: '/api/v1/auth/logout/everywhere/' },
  { method: 'POST', path: '/api/v1/auth/logout/' },
  { method: 'GET', path: '/api/v1/auth/logout/' },
];

const injections = ["' OR '1'='1' --", '<script>alert(1)</script>', '../../../../etc/passwd', '${jndi:ldap://x/a}', '{{7*7}}', '\u202Eadmin'];
const deepJson = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
const idInPath = /(tok|usr|tst)_nothing/;
const caseHeader = 'x-hostile-case';
/**
 * What reaches the upstream: the proxied POST's body cases, made with a valid token, for the upstream to judge; not
 * the bad charset, which the gateway refuses for every route, nor any case with a bad credential, path or header.
 */
const expectedForwarded = [
  ...['malformed JSON', 'a JSON array', 'a JSON string', 'deep JSON', 'a huge body', 'a wrong content type', 'a broken form', 'unknown fields'],
  ...['prototype pollution', 'control characters', 'wrong types', 'an empty string', ...injections.map((text) => `injection ${text}`)],
].map((name) => `POST /svc/echo/anything / ${name}`);

/** The cases that apply to a route: credentials where one is needed, bodies where one is read, ids where a path has one. */
function hostileCases(route: Route, token: string): Hostile[] {
  const json = { 'content-type': 'application/json' };
  const auth = { authorization: `Token ${token}` };
  const validBody = route.body ? JSON.stringify(route.body) : undefined;
  const spoil = (value: unknown) => JSON.stringify(Object.fromEntries(Object.keys(route.body ?? {}).map((key) => [key, value])));
  const withCredential = (name: string, authorization: string): Hostile => ({ name, headers: { ...json, authorization }, ...(validBody ? { body: validBody } : {}) });
  const withBody = (name: string, body: string, headers: Record<string, string> = json): Hostile => ({ name, headers: { ...headers, ...auth }, body });
  const withPath = (name: string, path: string): Hostile => ({ name, headers: auth, path });

  const always: Hostile[] = [
    { name: 'bad percent-encoding', headers: auth, path: `${route.path}%E0%A4%A` },
    { name: 'a huge query string', headers: auth, path: `${route.path}?token=${'t'.repeat(9_000)}` },
    { name: 'an oversized header', headers: { ...auth, 'x-padding': 'p'.repeat(40_000) } },
  ];
  const credentials: Hostile[] = route.public
    ? []
    : [
        { name: 'no credential', headers: json, ...(validBody ? { body: validBody } : {}) },
        withCredential('bad base64 in Basic', 'Basic !!!not-base64***'),
        withCredential('Basic without a colon', `Basic ${Buffer.from('no-colon-here').toString('base64')}`),
        withCredential('an unknown scheme', 'Negotiate abcdef'),
        withCredential('a token with spaces', 'Token a b c'),
        withCredential('an overlong Authorization header', `Token ${'A'.repeat(8_000)}`),
        withCredential('a malformed token', `Token tst_${'!'.repeat(49)}`),
        withCredential('a checksum that does not match', `Token ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
        withCredential('injection in the token', "Token ' OR 1=1 --"),
        withCredential('a key with a malformed secret', 'token key_AAAAAAAAAAAAAAAAAAAAAA:not-a-secret'),
      ];
  const bodies: Hostile[] = !route.body
    ? []
    : [
        withBody('malformed JSON', '{"username": "admin", "password": '),
        withBody('a JSON array', '[1, 2, 3]'),
        withBody('a JSON string', '"admin"'),
        withBody('deep JSON', deepJson),
        withBody('a huge body', JSON.stringify({ ...route.body, note: 'x'.repeat(2 * 1024 * 1024) })),
        withBody('a wrong content type', '<login><username>admin</username></login>', { 'content-type': 'application/xml' }),
        withBody('a bad charset', validBody!, { 'content-type': 'application/json; charset=ebcdic' }),
        withBody('a broken form', '%%%=&&=%ZZ', { 'content-type': 'application/x-www-form-urlencoded' }),
        withBody('unknown fields', JSON.stringify({ ...route.body, is_admin: true, roles: ['admin'], password_hash: 'x' })),
        withBody('prototype pollution', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"admin": true}}}'),
        withBody('control characters', spoil('a\u0000b\u001bc')),
        withBody('wrong types', spoil({ nested: [1e308, -1, null] })),
        withBody('an empty string', spoil('')),
        ...injections.map((text) => ({ ...withBody(`injection ${text}`, spoil(text)), ...(route.freeText ? { verbatim: text } : {}) })),
      ];
  const paths: Hostile[] = !idInPath.test(route.path)
    ? []
    : [
        withPath('injection in the path', route.path.replace(idInPath, "tok_' OR 1=1 --")),
        withPath('a NUL in the path', route.path.replace(idInPath, 'x%00y')),
        withPath('traversal in the path', route.path.replace(idInPath, '..%2F..%2Fetc%2Fpasswd')),
        withPath('an overlong path parameter', route.path.replace(idInPath, `tok_${'a'.repeat(5_000)}`)),
      ];
  return [...always, ...credentials, ...bodies, ...paths];
}

describe('gateway: hostile input to every route', () => {
  let platform: Platform;
  let token: string;
  let userId: string;
  let upstream: Server;
  // The proxy is opaque to bodies: what it forwards, the upstream judges (here: refuses). It must forward nothing
  // without a valid credential. Each case is numbered in a header of its own, so the upstream can tell which arrived.
  const forwarded: IncomingHttpHeaders[] = [];

  before(async () => {
    const upstreamPort = await freePort();
    upstream = createServer((request, response) => {
      forwarded.push(request.headers);
      request.resume().on('end', () => response.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"refused_upstream","message":"The upstream refused it."}'));
    }).listen(upstreamPort, '127.0.0.1');
    platform = await startPlatform('gateway_hostile', {
      services: ['token-service', 'gateway'],
      // Hostile logins as admin must not lock the account the test signs in with.
      env: { LOGIN_MAX_FAILURES: '1000', GATEWAY_PROXY_ROUTES: JSON.stringify([{ prefix: '/svc/echo', upstream: `http://127.0.0.1:${upstreamPort}` }]) },
    });
    token = await login();
    userId = ((await (await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } })).json()) as { pk: string }).pk;
  });

  const login = () => gatewayLogin(platform.urls.gateway, { userAgent: 'sdk|hostile-input-test' });

  after(async () => {
    await platform?.stop();
    upstream?.close();
  });

  it('answers each with a 4xx and a precise code, never a 5xx', async () => {
    const problems: string[] = [];
    const sentCases: string[] = [];
    for (const route of routes) {
      // A fresh token per route: the logouts end theirs.
      for (const hostile of hostileCases(route, await login())) {
        sentCases.push(`${route.method} ${route.path} / ${hostile.name}`);
        const response = await fetch(`${platform.urls.gateway}${hostile.path ?? route.path}`, {
          method: route.method,
          headers: { ...hostile.headers, [caseHeader]: String(sentCases.length - 1) },
          ...(hostile.body !== undefined ? { body: hostile.body } : {}),
        }).catch((error: Error) => ({ status: 0, error }) as const);
        if ('error' in response) {
          problems.push(`${route.method} ${route.path} / ${hostile.name}: no answer (${response.error.message})`);
          continue;
        }
        const text = await response.text();
        const verdict = judge(route, hostile, response.status, text);
        if (verdict) problems.push(`${route.method} ${route.path} / ${hostile.name}: ${verdict}`);
      }
    }
    assert.deepEqual(problems, []);
    const forwardedCases = forwarded.map((headers) => sentCases[Number(headers[caseHeader])]);
    assert.deepEqual(forwardedCases, expectedForwarded);
    for (const headers of forwarded) {
      assert.equal(headers.authorization, undefined, 'the credential stays with the gateway');
      assert.equal(headers['x-tessera-user-id'], userId, 'the upstream learns who called');
    }
  });

  it('answers malformed HTTP itself with a 4xx, and stays up', async () => {
    const { hostname, port } = new URL(platform.urls.gateway);
    const raw = [
      `GET /api/v1/auth/user/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token \u0001\u0002\r\n\r\n`,
      `POST /api/v1/auth/login/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nhello`,
      `POST /api/v1/auth/login/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`,
      `GET /api/v1/auth/user/ HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n`,
      `NONSENSE\r\n\r\n`,
    ];
    for (const request of raw) {
      const status = await rawStatus(hostname, Number(port), request);
      assert.ok(status >= 400 && status < 500, `${JSON.stringify(request.slice(0, 40))} -> ${status}`);
    }
  });

  it('leaves every service up and ready', async () => {
    assert.equal((await fetch(`${platform.urls.gateway}/readyz`)).status, 200);
    const me = await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(me.status, 200);
  });
});

/** Undefined when the answer is a proper refusal; otherwise what is wrong with it. */
function judge(route: Route, hostile: Hostile, status: number, text: string): string | undefined {
  if (status >= 500) return `${status} ${text.slice(0, 200)}`;
  if (hostile.verbatim !== undefined && status < 300) {
    return text.includes(JSON.stringify(hostile.verbatim).slice(1, -1)) ? undefined : `free text not answered verbatim: ${text.slice(0, 200)}`;
  }
  if (route.compat && status >= 400 && /^\{"success":false,"errors":"[^"]+"\}$/.test(text)) return undefined;
  if (status < 400) return `accepted with ${status}: ${text.slice(0, 200)}`;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; success?: unknown };
    if (typeof body.code === 'string' && /^[a-z_]+$/.test(body.code) && typeof body.message === 'string' && body.message !== '') return undefined;
    return `${status} without {code, message}: ${text.slice(0, 200)}`;
  } catch {
    return `${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
}

/** Sends bytes no HTTP client would, and reads the status line of the answer. */
function rawStatus(host: string, port: number, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => socket.write(request));
    let received = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed without an answer: ${JSON.stringify(received.slice(0, 100))}`)));
  });
}
