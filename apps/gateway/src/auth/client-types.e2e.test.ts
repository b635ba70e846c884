import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';

// User-Agents as the real clients send them.
const userAgents = {
  qfield: 'qfield|3.4.6|local|1a2b3c4|android',
  qfieldsync: 'Mozilla/5.0 QGIS/34000/Windows 10',
  sdk: 'sdk|py|0.30.0 python-requests/2.32.3',
  cli: 'cli|py|0.30.0 python-requests/2.32.3',
  chrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  curl: 'curl/8.5.0',
  qgis2: 'Mozilla/5.0 QGIS/21800',
} as const;

describe('gateway: client types from real User-Agents, and their token rules', () => {
  let platform: Platform;
  let admin: string;
  let password: string;

  const login = (username: string, userAgent: string) => gatewayLogin(platform.urls.gateway, { username, password, userAgent });
  const status = async (token: string) => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } });
    return response.ok ? 'valid' : ((await response.json()) as { message: string }).message;
  };
  const clientTypeOf = async (token: string) => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/tokens/`, { headers: { authorization: `Token ${token}` } });
    const tokens = (await response.json()) as Array<{ current: boolean; client_type: string }>;
    return tokens.find((listed) => listed.current)!.client_type;
  };
  const newUser = async (username: string) => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/admin/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${admin}` },
      body: JSON.stringify({ username, email: `${username}@example.com`, password }),
    });
    assert.equal(response.status, 201);
    return username;
  };
  const logout = (token: string) => fetch(`${platform.urls.gateway}/api/v1/auth/logout/`, { method: 'POST', headers: { authorization: `Token ${token}` } });

  before(async () => {
    platform = await startPlatform('gateway_client_types', { services: ['token-service', 'gateway'] });
    password = testPassword('client-types');
    admin = await gatewayLogin(platform.urls.gateway);
  });

  after(async () => {
    await platform?.stop();
  });

  it('derives the client type of each login from its User-Agent', async () => {
    const expected: Record<keyof typeof userAgents, string> = {
      qfield: 'qfield', qfieldsync: 'qfieldsync', sdk: 'sdk', cli: 'cli', chrome: 'browser', firefox: 'browser',
      // QFieldCloud's pattern wants a two-part WebKit version before "(KHTML": Safari's three-part one is not a browser.
      safari: 'unknown',
      curl: 'unknown', qgis2: 'unknown',
    };
    for (const [name, userAgent] of Object.entries(userAgents) as Array<[keyof typeof userAgents, string]>) {
      const user = await newUser(`ua-${name}`);
      assert.equal(await clientTypeOf(await login(user, userAgent)), expected[name], name);
    }
  });

  it('a single-token client (QField, QFieldSync) keeps one token: a new login expires the previous one', async () => {
    for (const name of ['qfield', 'qfieldsync'] as const) {
      const user = await newUser(`single-${name}`);
      const first = await login(user, userAgents[name]);
      const second = await login(user, userAgents[name]);
      assert.deepEqual([await status(first), await status(second)], ['Token has expired.', 'valid'], name);
    }
  });

  it('multi-token clients (browsers, SDK, CLI) keep several, and other client types are untouched', async () => {
    const user = await newUser('multi');
    const tokens = [
      await login(user, userAgents.chrome),
      await login(user, userAgents.firefox),
      await login(user, userAgents.sdk),
      await login(user, userAgents.sdk),
      await login(user, userAgents.qfield),
    ];
    await login(user, userAgents.qfield); // expires only the earlier QField token
    assert.deepEqual(await Promise.all(tokens.map(status)), ['valid', 'valid', 'valid', 'valid', 'Token has expired.']);
  });

  it('logout from a single-token client expires every token of its type; from a multi-token client only the one used', async () => {
    const user = await newUser('leaving');
    const qfield = await login(user, userAgents.qfield);
    const cliA = await login(user, userAgents.cli);
    const cliB = await login(user, userAgents.cli);
    assert.equal((await logout(cliA)).status, 200);
    assert.deepEqual([await status(cliA), await status(cliB), await status(qfield)], ['Token has expired.', 'valid', 'valid']);
    assert.equal((await logout(qfield)).status, 200);
    assert.deepEqual([await status(qfield), await status(cliB)], ['Token has expired.', 'valid']);
  });
});
