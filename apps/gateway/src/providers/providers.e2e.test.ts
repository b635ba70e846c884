import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform, startupFailure, type Platform } from '@tessera/testing';

const keycloak = {
  id: 'keycloak', name: 'Company SSO', grant_flow: 3, scope: 'openid email', pkce_enabled: true,
  token_url: 'https://sso.example.com/token', refresh_token_url: 'https://sso.example.com/token', request_url: 'https://sso.example.com/auth',
  redirect_host: 'localhost', redirect_port: 7070, redirect_url: '', client_id: 'qfield',
};

describe("gateway: QFieldCloud's providers", () => {
  let platform: Platform;

  before(async () => {
    platform = await startPlatform('gateway_providers', { services: ['token-service', 'gateway'], env: { GATEWAY_OAUTH2_PROVIDERS: JSON.stringify([keycloak]) } });
  });

  after(async () => {
    await platform?.stop();
  });

  it('lists username and password first, then the configured OAuth2 providers, without a credential', async () => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/providers/`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), [{ type: 'credentials', id: 'credentials', name: 'Username / Password' }, { type: 'oauth2', ...keycloak }]);
  });

  it('refuses to start with a malformed provider, naming the variable and the field', () => {
    const result = startupFailure('gateway', { GATEWAY_OAUTH2_PROVIDERS: JSON.stringify([{ ...keycloak, grant_flow: 1 }]) });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /GATEWAY_OAUTH2_PROVIDERS .*\/0\/grant_flow/);
  });
});
