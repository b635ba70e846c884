import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayLogin, startPlatform, waitFor, type Platform } from '@tessera/testing';

interface Listed {
  id: string;
  current: boolean;
  last_used_at: string | null;
}

describe('gateway: last_used_at in token lists comes from the audit service', () => {
  let platform: Platform;
  let token: string;

  const list = async () => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/tokens/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(response.status, 200);
    return (await response.json()) as Listed[];
  };

  before(async () => {
    platform = await startPlatform('gateway_last_used', { services: ['token-service', 'audit-service', 'gateway'] });
    token = await gatewayLogin(platform.urls.gateway);
  });

  after(async () => {
    await platform?.stop();
  });

  it('shows when the token in use was last used, and null for a token never used', async () => {
    const loggedInAt = Date.now();
    const created = await fetch(`${platform.urls.gateway}/api/v1/auth/tokens/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
      body: JSON.stringify({ note: 'never used' }),
    });
    const unused = ((await created.json()) as { id: string }).id;
    assert.equal((await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } })).status, 200);

    const tokens = await waitFor(
      async () => {
        const listed = await list();
        return listed.find((t) => t.current)?.last_used_at ? listed : undefined;
      },
      { timeoutMs: 20_000, description: 'the current token\'s last use projected by the audit service' },
    );
    const lastUsed = Date.parse(tokens.find((t) => t.current)!.last_used_at!);
    assert.ok(lastUsed >= loggedInAt - 1_000 && lastUsed <= Date.now(), 'last_used_at is the recent use');
    assert.equal(tokens.find((t) => t.id === unused)!.last_used_at, null);
  });

  it('still answers while the audit service is down, with last use unknown', async () => {
    await platform.process('audit-service').stop();
    const tokens = await list();
    assert.ok(tokens.some((t) => t.current), 'the token in use is listed');
    assert.ok(tokens.every((t) => t.last_used_at === 'unknown'));
  });
});
