import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, gatewayLogin, startPlatform, waitFor, type Platform } from '@tessera/testing';

interface FailedLoginReport {
  by_ip: Array<{ ip: string; failures: number; unknown_names: number }>;
}

const perMinute = 5;

/**
 * Behind a TLS terminator every connection comes from the terminator. The gateway started by the platform trusts the
 * hop at 127.0.0.1 (this test, standing in for the terminator); a second gateway on the same platform trusts none.
 */
describe('gateway: the client address behind a trusted proxy', () => {
  let platform: Platform;
  let admin: string;
  let untrusted: string;

  const send = (gateway: string, path: string, forwardedFor: string, init: RequestInit = {}) =>
    fetch(`${gateway}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': forwardedFor } });
  const failLogin = async (gateway: string, forwardedFor: string, username: string) =>
    (await send(gateway, '/api/v1/auth/login/', forwardedFor, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'not-the-password' }),
    })).status;
  /** Requests from `forwardedFor` until one is throttled. */
  const exhaust = async (gateway: string, forwardedFor: string) => {
    // Twice the budget and one: a window may start again midway.
    for (let sent = 1; sent <= 2 * perMinute + 1; sent++) if ((await send(gateway, '/api/v1/auth/user/', forwardedFor)).status === 429) return;
    assert.fail(`${forwardedFor} was never throttled`);
  };
  const throttled = async (gateway: string, forwardedFor: string) => (await send(gateway, '/api/v1/auth/user/', forwardedFor)).status === 429;

  before(async () => {
    platform = await startPlatform('client_address', {
      services: ['token-service', 'audit-service', 'gateway'],
      env: { TRUSTED_PROXIES: '127.0.0.1/32', GATEWAY_RATE_LIMIT_PER_MINUTE: String(perMinute) },
    });
    admin = await gatewayLogin(platform.urls.gateway);
    const address = `127.0.0.1:${await freePort()}`;
    await platform.startAnother('gateway', { GATEWAY_HTTP_ADDRESS: address, TRUSTED_PROXIES: '' });
    untrusted = `http://${address}`;
  });

  after(async () => {
    await platform?.stop();
  });

  it('reports failed logins by the forwarded address from a trusted hop, and by the hop itself from any other', async () => {
    assert.equal(await failLogin(platform.urls.gateway, '198.51.100.7', 'nobody-behind-the-proxy'), 401);
    assert.equal(await failLogin(untrusted, '198.51.100.8', 'nobody-claiming-an-address'), 401);
    const report = await waitFor(
      async () => {
        const response = await fetch(`${platform.urls.audit}/api/v1/reports/failed-logins?hours=1`, { headers: { authorization: `Token ${admin}` } });
        const body = (await response.json()) as FailedLoginReport;
        const ips = body.by_ip.filter((row) => row.unknown_names >= 1).map((row) => row.ip);
        return ips.includes('198.51.100.7') && ips.includes('127.0.0.1') ? body : undefined;
      },
      { timeoutMs: 20_000, description: 'both failures projected' },
    );
    assert.ok(!report.by_ip.some((row) => row.ip === '198.51.100.8'), 'an untrusted hop cannot name the client');
  });

  it('gives each forwarded client a budget of its own, and believes only the entry the trusted hop added', async () => {
    await exhaust(platform.urls.gateway, '203.0.113.10');
    assert.equal(await throttled(platform.urls.gateway, '203.0.113.11'), false, 'another client is not throttled for the first');
    // A client's own X-Forwarded-For comes before the entry the proxy appends: it names no one.
    assert.equal(await throttled(platform.urls.gateway, '203.0.113.12, 203.0.113.10'), true);
  });

  it('ignores X-Forwarded-For from a hop it does not trust: every client shares that hop\'s budget', async () => {
    await exhaust(untrusted, '203.0.113.20');
    assert.equal(await throttled(untrusted, '203.0.113.21'), true);
  });
});
