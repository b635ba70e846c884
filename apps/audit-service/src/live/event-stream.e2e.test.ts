import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayLogin, startPlatform, type Platform } from '@tessera/testing';

const perMinute = 5;

describe('audit service: live streams that end with their credential, and a budget per address', () => {
  let platform: Platform;
  let admin: string;

  const gateway = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${platform.urls.gateway}${path}`, {
      method,
      headers: { authorization: `Token ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const auditLog = (forwardedFor: string, headers: Record<string, string> = {}) =>
    fetch(`${platform.urls.audit}/api/v1/audit-log`, { headers: { 'x-forwarded-for': forwardedFor, ...headers } });

  before(async () => {
    platform = await startPlatform('audit_live', {
      services: ['token-service', 'audit-service', 'gateway'],
      // This test stands in for the proxy in front, so that each flood below comes from an address of its own.
      env: { TRUSTED_PROXIES: '127.0.0.1/32', AUDIT_RATE_LIMIT_PER_MINUTE: String(perMinute) },
    });
    admin = await gatewayLogin(platform.urls.gateway);
  });

  after(async () => {
    await platform?.stop();
  });

  it('ends a live stream within a second of its token\'s revocation', async () => {
    const viewer = await gateway('POST', '/api/v1/auth/tokens/', { note: 'live viewer' });
    // Should the stream outlive the revocation, the deadline ends the read and the test fails.
    const stream = await fetch(`${platform.urls.audit}/api/v1/events/stream`, {
      headers: { authorization: `Token ${viewer['token'] as string}` },
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(stream.status, 200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    while (!received.includes('event: ready')) {
      const { value, done } = await reader.read();
      assert.ok(!done, `the stream ended before it was ready: ${received}`);
      received += value;
    }

    await gateway('DELETE', `/api/v1/auth/tokens/${viewer['id'] as string}/`);
    const revoked = performance.now();
    // The deadline's abort rejects the read: the stream is then counted as ended when it was cut.
    while (!(await reader.read().catch(() => ({ done: true }))).done);
    const ended = performance.now();
    assert.ok(ended - revoked < 1_000, `the stream ended ${Math.round(ended - revoked)} ms after the revocation returned`);
    const again = await fetch(`${platform.urls.audit}/api/v1/events/stream`, { headers: { authorization: `Token ${viewer['token'] as string}` } });
    assert.equal(again.status, 401);
  });

  it('throttles an unauthenticated flood per address, and not the services that call with the shared secret', async () => {
    const answers: number[] = [];
    for (let sent = 0; sent <= 2 * perMinute && !answers.includes(429); sent++) {
      answers.push((await auditLog('198.51.100.20', { authorization: 'Token not-a-token' })).status);
    }
    assert.equal(answers.at(-1), 429, `answers: ${answers.join(', ')}`);
    const throttled = await auditLog('198.51.100.20');
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
    assert.equal(((await throttled.json()) as { code: string }).code, 'throttled');

    assert.equal((await auditLog('198.51.100.21')).status, 401, 'another address has a budget of its own');
    const fromGateway = await fetch(`${platform.urls.audit}/api/v1/activity/tokens?token_id=tok_${'a'.repeat(24)}`, {
      headers: { 'x-forwarded-for': '198.51.100.20', 'x-tessera-service-secret': platform.serviceSecret },
    });
    assert.deepEqual([fromGateway.status, await fromGateway.json()], [200, { tokens: [] }]);
  });
});
