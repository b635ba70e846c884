import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { bootstrapAdmin, freePort, startPlatform, startupFailure, testPassword, waitFor, type Platform } from '@tessera/testing';

describe('the thin path: gateway -> token service (gRPC) -> Kafka -> audit service', () => {
  let platform: Platform;
  let auditDb: pg.Client;

  before(async () => {
    platform = await startPlatform('e2e', { services: ['token-service', 'audit-service', 'gateway'] });
    auditDb = new pg.Client({ connectionString: platform.auditDatabase.url });
    await auditDb.connect();
  });

  after(async () => {
    await auditDb?.end();
    await platform?.stop();
  });

  it('every service reports ready', async () => {
    for (const base of [platform.urls.gateway, platform.urls.audit]) {
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
    }
  });

  it('a login through the gateway reaches the audit log through the real broker, in one trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'sdk|py|0.30.0', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, string>;
    assert.match(body['token']!, /^tst_[0-9A-Za-z]{49}$/);
    assert.equal(body['username'], bootstrapAdmin.username);
    assert.ok(!Number.isNaN(Date.parse(body['expires_at']!)));

    const rows = await waitFor(
      async () => {
        const { rows } = await auditDb.query<{ type: string; trace_id: string; data: Record<string, unknown> }>(
          "select type, trace_id, data from audit_log where type in ('LoginSucceeded', 'TokenIssued') and trace_id = $1 order by type",
          [traceId],
        );
        return rows.length === 2 ? rows : undefined;
      },
      { timeoutMs: 20_000, description: 'LoginSucceeded and TokenIssued of this request in the audit log' },
    );
    assert.deepEqual(rows.map((r) => r.type), ['LoginSucceeded', 'TokenIssued']);
    assert.equal(rows[1]!.data['client_type'], 'sdk');
  });

  it('a form-encoded login with a wrong password is refused with QFieldCloud\'s error, and audited', async () => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: bootstrapAdmin.username, password: testPassword('wrong') }),
    });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Token');
    assert.deepEqual(await response.json(), { code: 'authentication_failed', message: 'Unable to log in with provided credentials.' });
    await waitFor(async () => (await auditDb.query("select 1 from audit_log where type = 'LoginFailed'")).rowCount === 1, {
      timeoutMs: 20_000,
      description: 'LoginFailed in the audit log',
    });
  });

  it('a malformed login is a 400 with a precise code, not a 5xx', async () => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": "admin", "password": ',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: string }).code, 'parse_error');
  });

  it('a gateway whose service secret the token service refuses does not start, naming the setting', async () => {
    const result = startupFailure('gateway', {
      ...platform.env,
      TESSERA_SERVICE_SECRET: 'not-the-secret-the-token-service-was-given',
      GATEWAY_HTTP_ADDRESS: `127.0.0.1:${await freePort()}`,
    });
    assert.equal(result.status, 69);
    assert.match(result.stderr, /TESSERA_SERVICE_SECRET: The token service refuses the gateway's TESSERA_SERVICE_SECRET: give both the same value\./);
  });

  it('answers 503 on every route that needs the token service while it is down, then recovers when it is back', async () => {
    const login = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    const { token } = (await login.json()) as { token: string };
    await platform.process('token-service').stop();

    const json = { 'content-type': 'application/json' };
    const credentials = JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password });
    const calls: Array<[string, string, RequestInit]> = [
      ['POST', '/api/v1/auth/login/', { headers: json, body: credentials }],
      ['GET', '/api/v1/auth/user/', { headers: { authorization: `Token ${token}` } }],
      ['GET', '/api/v1/auth/tokens/', { headers: { authorization: `Bearer ${token}` } }],
      ['POST', '/api/v1/auth/tokens/', { headers: { ...json, authorization: `Token ${token}` }, body: '{"note": "n"}' }],
      ['GET', '/api/v1/admin/tokens/', { headers: { authorization: `Token ${token}` } }],
      ['POST', '/api/v1/auth/logout/', { headers: { authorization: `Token ${token}` } }],
      ['GET', '/api/method/frappe.auth.get_logged_user', { headers: { authorization: `token ${token}` } }],
    ];
    for (const [method, path, init] of calls) {
      const down = await fetch(`${platform.urls.gateway}${path}`, { method, ...init });
      assert.equal(down.status, 503, `${method} ${path}`);
      assert.equal(down.headers.get('retry-after'), '1');
      assert.deepEqual(await down.json(), { code: 'service_unavailable', message: 'The token service is unavailable. Retry shortly.' });
    }
    assert.equal((await fetch(`${platform.urls.gateway}/readyz`)).status, 503);

    await platform.restart('token-service');
    await waitFor(async () => (await fetch(`${platform.urls.gateway}/readyz`)).status === 200, { timeoutMs: 20_000, description: 'the gateway ready again' });
  });

  it('each service stops cleanly on SIGTERM', async () => {
    for (const name of ['gateway', 'audit-service', 'token-service'] as const) {
      assert.deepEqual(await platform.process(name).stop(), { code: 0, signal: null, forced: false }, name);
    }
  });
});

describe('gateway start-up with bad configuration', () => {
  it('stops on a bad listen address, naming the variable', () => {
    const result = startupFailure('gateway', { GATEWAY_HTTP_ADDRESS: '127.0.0.1:http' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /GATEWAY_HTTP_ADDRESS \(got "127\.0\.0\.1:http"\): expected host:port/);
  });

  it('stops when the token service cannot be reached, naming the setting', async () => {
    const result = startupFailure('gateway', {
      TOKEN_SERVICE_ADDRESS: '127.0.0.1:1',
      REDIS_URL: 'redis://127.0.0.1:1',
      GATEWAY_HTTP_ADDRESS: `127.0.0.1:${await freePort()}`,
      TESSERA_SERVICE_SECRET: 'a-service-secret-of-at-least-32-characters',
      TESSERA_DEV_MODE: 'true',
    });
    assert.equal(result.status, 69);
    assert.match(result.stderr, /TOKEN_SERVICE_ADDRESS: not reachable at 127\.0\.0\.1:1/);
  });
});
