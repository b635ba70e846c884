import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAdmin, startPlatform, testPassword, type Platform } from '@tessera/testing';

describe("gateway: django-tokenapi's routes, for its clients unchanged", () => {
  let platform: Platform;
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'sdk|tokenapi-client' },
    body: new URLSearchParams(fields).toString(),
  });

  before(async () => {
    platform = await startPlatform('gateway_tokenapi', { services: ['token-service', 'gateway'] });
  });

  after(async () => {
    await platform?.stop();
  });

  it('POST /token/new.json issues a token and names the user; the pair checks out, and is usable as parameters', async () => {
    const response = await fetch(`${platform.urls.gateway}/token/new.json`, form({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }));
    assert.equal(response.status, 200);
    const issued = (await response.json()) as { success: boolean; token: string; user: string };
    assert.equal(issued.success, true);
    assert.match(issued.token, /^tst_/);
    assert.match(issued.user, /^usr_/);

    const check = await fetch(`${platform.urls.gateway}/token/${issued.token}/${issued.user}.json`);
    assert.deepEqual(await check.json(), { success: true });
    const mismatch = await fetch(`${platform.urls.gateway}/token/${issued.token}/usr_somebody_else.json`);
    assert.deepEqual(await mismatch.json(), { success: false, errors: 'Token did not match user.' });

    const me = await fetch(`${platform.urls.gateway}/api/v1/auth/user/?user=${issued.user}&token=${issued.token}`);
    assert.equal(me.status, 200);
  });

  it('refuses bad credentials and missing fields in its own words', async () => {
    const wrong = await fetch(`${platform.urls.gateway}/token/new.json`, form({ username: bootstrapAdmin.username, password: testPassword('wrong') }));
    assert.equal(wrong.status, 200, 'tokenapi answers failures with 200 and success: false');
    assert.deepEqual(await wrong.json(), { success: false, errors: 'Unable to log you in, please try again.' });
    const missing = await fetch(`${platform.urls.gateway}/token/new.json`, form({ username: bootstrapAdmin.username }));
    assert.deepEqual(await missing.json(), { success: false, errors: "Must include 'username' and 'password' as POST parameters." });
  });
});
