import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bootstrapAdmin, gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';
import { startRecordingUpstream } from '../testing/recording-upstream.ts';

interface Answer {
  status: number;
  body: unknown;
}

describe("gateway: django-tokenapi's routes and token_required, for its clients unchanged", () => {
  let platform: Platform;
  let view: Awaited<ReturnType<typeof startRecordingUpstream>>;
  let gateway: string;
  // As curl -d sends it, and as Django's test client posts it.
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'sdk|tokenapi-client', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const answer = async (response: Response): Promise<Answer> => ({ status: response.status, body: response.status === 204 ? null : await response.json() });
  const newToken = (fields: Record<string, string>, path = '/token/new.json') => fetch(`${gateway}${path}`, form(fields)).then(answer);
  const issue = async (username: string, password: string) => {
    const issued = await newToken({ username, password });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    return issued.body as { success: true; token: string; user: string };
  };
  const basic = (user: string, token: string) => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;

  before(async () => {
    view = await startRecordingUpstream();
    platform = await startPlatform('gateway_tokenapi', {
      services: ['token-service', 'gateway'],
      // The view's clients knew token_required: the gateway refuses them in its words.
      env: { GATEWAY_PROXY_ROUTES: JSON.stringify([{ prefix: '/app', upstream: view.url, refusals: 'django-tokenapi' }]) },
    });
    gateway = platform.urls.gateway;
  });

  after(async () => {
    await platform?.stop();
    await view?.close();
  });

  it('POST /token/new.json issues a token for the user it names; other fields and a query are ignored, as Django ignores them', async () => {
    const issued = await issue(bootstrapAdmin.username, bootstrapAdmin.password);
    assert.deepEqual(Object.keys(issued).sort(), ['success', 'token', 'user']);
    assert.equal(issued.success, true);
    assert.match(issued.token, /^tst_/);
    const me = await fetch(`${gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${issued.token}` } });
    assert.equal(((await me.json()) as { pk: string }).pk, issued.user);

    const extra = await newToken({ username: bootstrapAdmin.username, password: bootstrapAdmin.password, device: 'phone-7' }, '/token/new.json?format=json');
    assert.equal(extra.status, 200, JSON.stringify(extra.body));
    // Django reads only a form; a JSON body is read too, as by every login route here: no client of it loses by that.
    const json = await fetch(`${gateway}/token/new.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    assert.equal(json.status, 200);
  });

  it("refuses as its views do: 401 for credentials it cannot use, 405 for another method, each as {success: false, errors}", async () => {
    assert.deepEqual(await newToken({ username: bootstrapAdmin.username, password: testPassword('wrong') }), {
      status: 401,
      body: { success: false, errors: 'Unable to log you in, please try again.' },
    });
    const mustInclude = { status: 401, body: { success: false, errors: "Must include 'username' and 'password' as POST parameters." } };
    assert.deepEqual(await newToken({ username: bootstrapAdmin.username }), mustInclude);
    assert.deepEqual(await newToken({ username: bootstrapAdmin.username, password: '' }), mustInclude);
    assert.deepEqual(await answer(await fetch(`${gateway}/token/new.json`, { method: 'POST' })), mustInclude);

    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(`${gateway}/token/new.json?username=${bootstrapAdmin.username}&password=${bootstrapAdmin.password}`, { method });
      assert.equal(response.headers.get('allow'), 'POST', method);
      assert.deepEqual(await answer(response), { status: 405, body: { success: false, errors: 'Must access via a POST request.' } }, method);
    }
  });

  it('GET (or POST) /token/<token>/<user>.json checks the pair: {success: true}, or 401 "Token did not match user."', async () => {
    const issued = await issue(bootstrapAdmin.username, bootstrapAdmin.password);
    const check = (token: string, user: string, method = 'GET') => fetch(`${gateway}/token/${token}/${user}.json`, { method }).then(answer);
    const mismatch = { status: 401, body: { success: false, errors: 'Token did not match user.' } };

    assert.deepEqual(await check(issued.token, issued.user), { status: 200, body: { success: true } });
    assert.deepEqual(await check(issued.token, issued.user, 'POST'), { status: 200, body: { success: true } });
    assert.deepEqual(await check(issued.token, bootstrapAdmin.username), { status: 200, body: { success: true } });
    assert.deepEqual(await check(issued.token, 'usr_somebody_else'), mismatch);
    assert.deepEqual(await check(`${issued.token.slice(0, -1)}${issued.token.endsWith('A') ? 'B' : 'A'}`, issued.user), mismatch);
  });

  it('knows only the paths Django routes: a trailing slash or another suffix is 404', async () => {
    const issued = await issue(bootstrapAdmin.username, bootstrapAdmin.password);
    const statusOf = async (path: string, init: RequestInit = {}) => (await fetch(`${gateway}${path}`, init)).status;
    assert.equal(await statusOf('/token/new.json/', form({ username: bootstrapAdmin.username, password: bootstrapAdmin.password })), 404);
    assert.equal(await statusOf(`/token/${issued.token}/${issued.user}.json/`), 404);
    assert.equal(await statusOf(`/token/${issued.token}/${issued.user}`), 404);
    assert.equal(await statusOf(`/token/${issued.token}/${issued.user}.xml`), 404);
  });

  it('an inactive user can neither obtain a token nor have one checked', async () => {
    const admin = await gatewayLogin(gateway);
    const password = testPassword('tokenapi-inactive');
    const username = `paused-${randomUUID().slice(0, 8)}`;
    const call = (method: string, path: string, body: object) =>
      fetch(`${gateway}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Token ${admin}` }, body: JSON.stringify(body) });
    const created = (await (await call('POST', '/api/v1/admin/users/', { username, email: `${username}@example.com`, password })).json()) as { pk: string };
    const issued = await issue(username, password);
    assert.equal((await call('POST', `/api/v1/admin/users/${created.pk}/deactivate/`, {})).status, 200);

    assert.deepEqual(await newToken({ username, password }), { status: 401, body: { success: false, errors: 'Unable to log you in, please try again.' } });
    assert.deepEqual(await answer(await fetch(`${gateway}/token/${issued.token}/${issued.user}.json`)), {
      status: 401,
      body: { success: false, errors: 'Token did not match user.' },
    });
  });

  it("serves a token_required view behind the proxy in each documented form: POST parameters, GET parameters, Basic user:token", async () => {
    const issued = await issue(bootstrapAdmin.username, bootstrapAdmin.password);
    const marker = randomUUID();
    const sent = [
      // curl -d "user=1&token=2uy-420a8efff7f882afc20d" http://www.yourdomain.com/index.json
      await fetch(`${gateway}/app/index.json?m=${marker}`, form({ user: issued.user, token: issued.token })),
      await fetch(`${gateway}/app/index.json?m=${marker}&user=${issued.user}&token=${issued.token}`),
      await fetch(`${gateway}/app/index.json?m=${marker}`, { method: 'POST', headers: { authorization: basic(issued.user, issued.token) } }),
      // Both: the parameters are used, and a stale header does not spoil them.
      await fetch(`${gateway}/app/index.json?m=${marker}`, form({ user: issued.user, token: issued.token }, { authorization: basic(issued.user, 'stale') })),
    ];
    // The view's own answer is the client's.
    for (const response of sent) assert.deepEqual(await answer(response), { status: 201, body: { echoed: `/index.json?m=${marker}` } });

    const reached = view.receivedWith(marker);
    assert.equal(reached.length, sent.length);
    for (const request of reached) {
      assert.equal(request.url, `/index.json?m=${marker}`);
      assert.equal(request.body.length, 0);
      assert.equal(request.headers.authorization, undefined);
      assert.equal(request.headers['x-tessera-user-id'], issued.user);
    }
  });

  it("refuses as token_required does, before the view: 401 without a pair, 403 for a pair that does not check out", async () => {
    const issued = await issue(bootstrapAdmin.username, bootstrapAdmin.password);
    const marker = randomUUID();
    const at = `${gateway}/app/index.json?m=${marker}`;
    const spoiled = `${issued.token.slice(0, -1)}${issued.token.endsWith('A') ? 'B' : 'A'}`;
    const missing = { status: 401, body: { success: false, errors: "Must include 'user' and 'token' parameters with request." } };
    const incorrect = { status: 403, body: { success: false, errors: 'Incorrect user and token pair.' } };

    assert.deepEqual(await answer(await fetch(at, { method: 'POST' })), missing);
    assert.deepEqual(await answer(await fetch(at, form({ user: issued.user }))), missing);
    assert.deepEqual(await answer(await fetch(at, form({ user: 'usr_somebody_else', token: issued.token }))), incorrect);
    assert.deepEqual(await answer(await fetch(at, form({ user: issued.user, token: spoiled }))), incorrect);
    assert.deepEqual(await answer(await fetch(at, { headers: { authorization: basic(issued.user, 'not-a-token') } })), incorrect);
    await fetch(`${gateway}/api/v1/auth/logout/`, { method: 'POST', headers: { authorization: `Token ${issued.token}` } });
    assert.deepEqual(await answer(await fetch(`${at}&user=${issued.user}&token=${issued.token}`)), incorrect, 'an expired token, as after TOKEN_TIMEOUT_DAYS');
    assert.deepEqual(view.receivedWith(marker), []);
  });

  it("words a policy's refusal as token_required would, with the gateway's reason", async () => {
    const admin = await gatewayLogin(gateway);
    const created = await fetch(`${gateway}/api/v1/auth/tokens/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${admin}` },
      body: JSON.stringify({ note: 'read only', expires_in_seconds: 3600, policy: { resources: { '*': { allow: ['GET'] } } } }),
    });
    const readOnly = ((await created.json()) as { token: string }).token;
    const marker = randomUUID();
    assert.deepEqual(await answer(await fetch(`${gateway}/app/index.json?m=${marker}&token=${readOnly}`, { method: 'DELETE' })), {
      status: 403,
      body: { success: false, errors: 'This token\'s policy does not allow DELETE on the resource "*".' },
    });
    assert.equal((await fetch(`${gateway}/app/index.json?m=${marker}&token=${readOnly}`)).status, 201);
    assert.deepEqual(view.receivedWith(marker).map((seen) => seen.method), ['GET']);
  });
});
