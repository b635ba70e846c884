import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createRemoteJWKSet, errors, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { bootstrapAdmin, freePort, startPlatform, startupFailure, tokenServiceClient, type Platform, type TokenServiceTestClient } from '@tessera/testing';
import { startRecordingUpstream, type Received } from '../testing/recording-upstream.ts';

describe('gateway: the authenticating proxy', () => {
  let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
  let platform: Platform;
  let rpc: TokenServiceTestClient;
  let admin: { token: string; pk: string };

  const proxied = (path: string, init: RequestInit = {}) => fetch(`${platform.urls.gateway}${path}`, init);
  const withToken = (token: string, headers: Record<string, string> = {}) => ({ authorization: `Token ${token}`, ...headers });
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
  const issue = async (policy: string, client_type = 'sdk') =>
    (await rpc.call('TokenService', 'IssueToken', { note: 'proxy e2e', expires_in_seconds: '3600', policy, client_type }, { token: admin.token })).token!;
  const refusalOf = async (response: Response) => ({ status: response.status, body: await response.json() });
  // Sent as written: fetch would resolve . and .., and refuse a CONNECT or a Keep-Alive header.
  const rawStatus = (path: string, headers: Record<string, string>, method = 'GET') =>
    new Promise<number | undefined>((resolve, reject) =>
      httpRequest({ host: '127.0.0.1', port: new URL(platform.urls.gateway).port, path, headers, method }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end(),
    );
  const overrideFolded = new Set(['x-http-method-override', 'x-http-method', 'x-method-override']);
  const overridesIn = (seen: Received) => Object.keys(seen.headers).filter((name) => overrideFolded.has(name.replaceAll('_', '-')));

  before(async () => {
    upstream = await startRecordingUpstream();
    const routes = [
      { prefix: '/svc/orders', upstream: `${upstream.url}/orders-api`, resource: 'orders' },
      { prefix: '/svc/open', upstream: upstream.url },
      { prefix: '/svc/checked', upstream: `${upstream.url}/checked`, resource: 'orders', method_overrides: 'check' },
      { prefix: '/svc/slow', upstream: `${upstream.url}/slow`, timeout_ms: 500 },
      { prefix: '/svc/down', upstream: `http://127.0.0.1:${await freePort()}` },
    ];
    platform = await startPlatform('gateway_proxy', { services: ['token-service', 'gateway'], env: { GATEWAY_PROXY_ROUTES: JSON.stringify(routes) } });
    rpc = tokenServiceClient(platform.urls.tokenService, platform.serviceSecret);
    const login = await proxied('/api/v1/auth/login/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'sdk|py|0.30' },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const me = (await (await proxied('/api/v1/auth/user/', { headers: withToken(token) })).json()) as { pk: string };
    admin = { token, pk: me.pk };
  });

  after(async () => {
    rpc?.close();
    await platform?.stop();
    await upstream?.close();
  });

  it('forwards an allowed request with the identity, without the credential, and returns the upstream answer', async () => {
    const issued = await issue('', 'cli');
    const id = randomUUID();
    const traceId = randomBytes(16).toString('hex');
    const response = await proxied(`/svc/orders/${id}/items?a=1&b=x%20y&user=${admin.pk}&token=${issued.token}&c=`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        cookie: 'theme=dark',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-tessera-user-id': 'usr_spoofed',
        'X-Tessera-Username': 'root',
        'x-tessera-service-secret': 'guessed',
        'x-tessera-role': 'admin',
      },
      body: '{"quantity": 2}',
    });

    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-upstream'), 'recorder');
    assert.deepEqual(await response.json(), { echoed: `/orders-api/${id}/items?a=1&b=x%20y&c=` });
    const [seen, ...more] = upstream.receivedWith(id);
    assert.equal(more.length, 0);
    assert.equal(seen!.method, 'PUT');
    assert.equal(seen!.body.toString(), '{"quantity": 2}');
    assert.equal(seen!.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(seen!.headers['cookie'], 'theme=dark');
    assert.equal(seen!.headers['authorization'], undefined);
    const tesseraHeaders = Object.fromEntries(Object.entries(seen!.headers).filter(([name]) => name.startsWith('x-tessera-') && name !== 'x-tessera-assertion'));
    assert.deepEqual(tesseraHeaders, {
      'x-tessera-user-id': admin.pk,
      'x-tessera-username': bootstrapAdmin.username,
      'x-tessera-token-id': issued.id,
      'x-tessera-client-type': 'cli',
    });
    assert.equal(seen!.headers['x-request-id'], response.headers.get('x-request-id'));
    assert.match(String(seen!.headers['traceparent']), new RegExp(`^00-${traceId}-(?!00f067aa0ba902b7)[0-9a-f]{16}-01$`), 'the trace continues through the gateway');
  });

  it("drops every header that could pass for the gateway's, and says where the request came from as the gateway saw it", async () => {
    const id = randomUUID();
    const forged = {
      X_Tessera_User_Id: 'usr_FAKE',
      'X-Tessera_Client-Type': 'forged-client',
      X_Tessera_Assertion: 'forged.assertion.value',
      'X-Forwarded-For': '203.0.113.9',
      X_Forwarded_For: '203.0.113.10',
      'X-Forwarded-Proto': 'forged-proto',
      'X-Forwarded-Host': 'forged.example',
      Forwarded: 'for=203.0.113.11;host=forged.example',
      'X-Real-IP': '203.0.113.12',
      Connection: 'keep-alive, X-Hop-Secret, X-Tessera-Username',
      'X-Hop-Secret': 'forged-hop',
      'Keep-Alive': 'timeout=5, max=1000',
      'Proxy-Authorization': basic('proxy:forged-proxy-secret'),
      TE: 'trailers',
    };
    assert.equal(await rawStatus(`/svc/open/${id}`, { ...withToken(admin.token), ...forged, 'x-kept_by-upstream': 'kept' }), 201);

    const [seen] = upstream.receivedWith(id);
    for (const [name, value] of Object.entries(seen!.headers)) {
      assert.doesNotMatch(String(value), /usr_FAKE|forged|203\.0\.113|timeout=5|trailers/, `${name} came from the client`);
    }
    assert.deepEqual(Object.keys(seen!.headers).filter((name) => name.includes('_')), ['x-kept_by-upstream']);
    for (const name of ['forwarded', 'x-real-ip', 'x-hop-secret', 'keep-alive', 'proxy-authorization', 'te']) assert.equal(seen!.headers[name], undefined, name);
    assert.equal(seen!.headers['x-tessera-user-id'], admin.pk);
    assert.equal(seen!.headers['x-tessera-username'], bootstrapAdmin.username, 'a Connection header cannot name the identity away');
    assert.deepEqual(
      [seen!.headers['x-forwarded-for'], seen!.headers['x-forwarded-proto'], seen!.headers['x-forwarded-host']],
      ['127.0.0.1', 'http', new URL(platform.urls.gateway).host],
    );
  });

  it('signs the identity it forwards, and an upstream verifies it with the keys the gateway publishes', async () => {
    const issued = await issue('', 'cli');
    const id = randomUUID();
    const jwksUrl = new URL('/.well-known/jwks.json', platform.urls.gateway);
    const jwks = await fetch(jwksUrl);
    assert.equal(jwks.status, 200);
    const { keys } = (await jwks.json()) as { keys: Array<Record<string, string>> };
    assert.deepEqual(keys.map(({ kty, crv, alg, use }) => ({ kty, crv, alg, use })), [{ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }]);
    assert.ok(!('d' in keys[0]!), 'the private part stays in the gateway');

    const response = await proxied(`/svc/orders/${id}/items?q=1`, { method: 'PATCH', headers: withToken(issued.token), body: '{}' });
    assert.equal(response.status, 201);
    const assertion = String(upstream.receivedWith(id)[0]!.headers['x-tessera-assertion']);
    // As an upstream would: the gateway's key set from its URL, the gateway as issuer, itself as the audience.
    const published = createRemoteJWKSet(jwksUrl);
    const verifiedFor = (jwt: string, audience: string) =>
      jwtVerify(jwt, published, { issuer: 'tessera-gateway', audience, typ: 'tessera-identity+jwt', algorithms: ['ES256'] });
    const { payload } = await verifiedFor(assertion, `${upstream.url}/orders-api`);
    const { sub, username, token_id, client_type, htm, htu, jti } = payload;
    assert.deepEqual(
      { sub, username, token_id, client_type, htm, htu, jti },
      {
        sub: admin.pk,
        username: bootstrapAdmin.username,
        token_id: issued.id,
        client_type: 'cli',
        htm: 'PATCH',
        htu: `${upstream.url}/orders-api/${id}/items`,
        jti: response.headers.get('x-request-id'),
      },
    );
    await assert.rejects(verifiedFor(assertion, upstream.url), errors.JWTClaimValidationFailed, "another route's upstream refuses it");

    const impostor = await generateKeyPair('ES256');
    const forged = await new SignJWT({ username: 'root' })
      .setProtectedHeader({ alg: 'ES256', kid: keys[0]!['kid']!, typ: 'tessera-identity+jwt' })
      .setIssuer('tessera-gateway')
      .setAudience(`${upstream.url}/orders-api`)
      .setSubject('usr_FAKE')
      .setExpirationTime('1m')
      .sign(impostor.privateKey);
    await assert.rejects(verifiedFor(forged, `${upstream.url}/orders-api`), errors.JWSSignatureVerificationFailed, 'an assertion the gateway did not sign');
  });

  it('strips every method override by default, so the upstream acts on the method the policy was asked about', async () => {
    const postOrders = await issue('{"resources": {"orders": {"allow": ["GET", "POST"]}}}');
    const id = randomUUID();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const overrides: Array<[Record<string, string>, string, string]> = [
      [{ 'X-HTTP-Method-Override': 'DELETE' }, '', 'x'],
      [{ 'X-HTTP-Method': 'DELETE' }, '', 'x'],
      [{ 'X-Method-Override': 'DELETE' }, '', 'x'],
      [{ X_HTTP_Method_Override: 'DELETE' }, '', 'x'],
      [{}, '&_method=DELETE', 'x'],
      [{}, '&%5Fmethod=DELETE', 'x'],
      [form, '', '_method=DELETE&kept=1'],
    ];
    for (const [i, [headers, query, body]] of overrides.entries()) {
      const response = await proxied(`/svc/orders/${id}?n=${i}${query}`, { method: 'POST', headers: withToken(postOrders.token, headers), body });
      assert.equal(response.status, 201, String(i));
    }
    const seen = upstream.receivedWith(id);
    assert.equal(seen.length, overrides.length);
    for (const [i, received] of seen.entries()) {
      assert.equal(received.method, 'POST');
      assert.deepEqual(overridesIn(received), [], String(i));
      assert.equal(received.url, `/orders-api/${id}?n=${i}`);
    }
    assert.equal(seen.at(-1)!.body.toString(), 'kept=1');
  });

  it('checks every method an override names on a route that forwards them, and refuses one no policy can name', async () => {
    const postOrders = await issue('{"resources": {"orders": {"allow": ["GET", "POST"]}}}');
    const id = randomUUID();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const post = (query: string, headers: Record<string, string>, body = 'x') =>
      proxied(`/svc/checked/${id}?${query}`, { method: 'POST', headers: withToken(postOrders.token, headers), body });
    const deletes: Array<[string, Record<string, string>, string?]> = [
      ['a', { 'X-HTTP-Method-Override': 'DELETE' }],
      ['b', { 'X-HTTP-Method': 'delete' }],
      ['c', { 'X-Method-Override': 'GET, DELETE' }],
      ['d', { X_HTTP_Method_Override: 'DELETE' }],
      ['e&_method=DELETE', {}],
      ['f', form, 'kept=1&_method=DELETE'],
    ];
    for (const [query, headers, body] of deletes) {
      assert.deepEqual(await refusalOf(await post(query, headers, body)), {
        status: 403,
        body: { code: 'permission_denied', message: 'This token\'s policy does not allow DELETE on the resource "orders".' },
      });
    }
    assert.deepEqual(await refusalOf(await post('g', { 'X-HTTP-Method-Override': 'TRACE' })), {
      status: 400,
      body: { code: 'bad_request', message: 'A method override asks for "TRACE"; the gateway forwards only GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.' },
    });
    assert.equal((await post('h', { 'X-HTTP-Method-Override': 'GET' })).status, 201);
    assert.equal((await post('i', form, '_method=GET&kept=1')).status, 201);

    const [header, field, ...more] = upstream.receivedWith(id);
    assert.equal(more.length, 0, 'nothing refused reaches the upstream');
    assert.equal(header!.headers['x-http-method-override'], 'GET');
    assert.equal(field!.body.toString(), '_method=GET&kept=1');
  });

  it('refuses the methods no policy can name, such as TRACE and CONNECT, and forwards none of them', async () => {
    const id = randomUUID();
    for (const method of ['TRACE', 'PROPFIND', 'MKCOL']) assert.equal(await rawStatus(`/svc/open/${id}`, withToken(admin.token), method), 405, method);
    // Node's HTTP server hangs up on a CONNECT, as nothing in the gateway takes one.
    await assert.rejects(rawStatus(`/svc/open/${id}`, withToken(admin.token), 'CONNECT'), /socket hang up/);
    assert.deepEqual(upstream.receivedWith(id), []);
  });

  it('keeps a user parameter that came without a token, and the prefix itself is forwarded too', async () => {
    const id = randomUUID();
    const response = await proxied(`/svc/orders?user=alice&marker=${id}`, { headers: withToken(admin.token) });
    assert.equal(response.status, 201);
    assert.equal(upstream.receivedWith(id)[0]!.url, `/orders-api?user=alice&marker=${id}`);
  });

  it("forwards any body byte for byte, beyond the gateway's own body limit", async () => {
    const id = randomUUID();
    const bodies = [
      ['application/octet-stream', randomBytes(1024 * 1024)],
      ['application/json', Buffer.from('{"user": "someone", "token": "not-a-credential-here"}')],
      ['application/x-www-form-urlencoded; charset=utf-8', Buffer.from('user=someone&note=caf%C3%A9+%26+more')],
    ] as const;
    for (const [contentType, body] of bodies) {
      const response = await proxied(`/svc/open/${id}`, { method: 'POST', headers: withToken(admin.token, { 'content-type': contentType }), body });
      assert.equal(response.status, 201, contentType);
    }
    const seen = upstream.receivedWith(id);
    assert.equal(seen.length, bodies.length);
    bodies.forEach(([contentType, body], i) => {
      assert.equal(seen[i]!.headers['content-type'], contentType);
      assert.ok(seen[i]!.body.equals(body), `the ${contentType} body arrives unchanged`);
    });
  });

  it('accepts every credential form, and forwards none of them', async () => {
    const { api_key, api_secret } = await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: admin.pk }, { token: admin.token });
    const forms: Array<[string, Record<string, string>, string?]> = [
      ['Token', { authorization: `Token ${admin.token}` }],
      ['token (Djblets)', { authorization: `token ${admin.token}` }],
      ['Bearer', { authorization: `Bearer ${admin.token}` }],
      ['Basic username:token', { authorization: basic(`${bootstrapAdmin.username}:${admin.token}`) }],
      ['user and token parameters', {}, `user=${admin.pk}&token=${admin.token}`],
      ['token api_key:api_secret (Frappe)', { authorization: `token ${api_key}:${api_secret}` }],
      ['Basic api_key:api_secret (Frappe)', { authorization: basic(`${api_key}:${api_secret}`) }],
    ];
    for (const [name, headers, query] of forms) {
      const id = randomUUID();
      const response = await proxied(`/svc/open/${id}${query ? `?${query}` : ''}`, { headers });
      assert.equal(response.status, 201, name);
      const [seen] = upstream.receivedWith(id);
      assert.equal(seen!.url, `/${id}`, name);
      assert.equal(seen!.headers['authorization'], undefined, name);
      assert.equal(seen!.headers['x-tessera-user-id'], admin.pk, name);
    }
  });

  it("reads django-tokenapi's user and token from a form body, as its own curl example sends them, and forwards the rest", async () => {
    const id = randomUUID();
    const post = (body: string | ReadableStream, contentType = 'application/x-www-form-urlencoded', init: RequestInit = {}) =>
      proxied(`/svc/open/${id}/index.json`, { method: 'POST', headers: { 'content-type': contentType }, body, ...init });
    const contentLengthOf = (received: Received) => Number(received.headers['content-length']);

    // curl -d "user=1&token=..." http://www.yourdomain.com/index.json
    assert.equal((await post(`user=${admin.pk}&token=${admin.token}`)).status, 201);
    assert.equal((await post(`quantity=2&user=${admin.pk}&note=caf%C3%A9&token=${admin.token}`, 'application/x-www-form-urlencoded; charset=UTF-8')).status, 201);
    const chunked = new Blob([`user=${admin.pk}&token=${admin.token}&sent=in+pieces`]).stream();
    assert.equal((await post(chunked, undefined, { duplex: 'half' } as RequestInit)).status, 201);

    const [bare, mixed, streamed, ...more] = upstream.receivedWith(id);
    assert.equal(more.length, 0);
    assert.equal(bare!.body.length, 0);
    assert.equal(contentLengthOf(bare!), 0);
    assert.equal(mixed!.body.toString(), 'quantity=2&note=caf%C3%A9');
    assert.equal(contentLengthOf(mixed!), mixed!.body.length);
    assert.equal(mixed!.headers['content-type'], 'application/x-www-form-urlencoded; charset=UTF-8');
    assert.equal(streamed!.body.toString(), 'sent=in+pieces');
    assert.equal(contentLengthOf(streamed!), streamed!.body.length);
    assert.equal(streamed!.headers['transfer-encoding'], undefined);
    for (const seen of [bare, mixed, streamed]) assert.equal(seen!.headers['x-tessera-user-id'], admin.pk);
  });

  it('lets the form win over the query, and both over the Authorization header, as django-tokenapi does', async () => {
    const id = randomUUID();
    const wrong = `tst_${'A'.repeat(43)}000000`;
    const post = (query: string, body: string, headers: Record<string, string> = {}) =>
      proxied(`/svc/open/${id}?${query}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

    assert.equal((await post(`user=${admin.pk}&token=${wrong}&q=1`, `token=${admin.token}&f=1`)).status, 201, 'the form token over the query token');
    assert.equal((await post(`user=${admin.pk}&q=2`, `token=${admin.token}&f=2`)).status, 201, 'the user from the query, the token from the form');
    assert.equal((await post(`token=${admin.token}&q=3`, `user=${admin.pk}&f=3`)).status, 201, 'the token from the query, the user from the form');
    assert.equal((await post('q=4', `user=${admin.pk}&token=${wrong}`, withToken(admin.token))).status, 401, 'parameters win over the header');
    assert.equal((await post('q=5', 'user=usr_somebody_else&token=' + admin.token)).status, 401, "a token is no credential for another user");
    assert.deepEqual(
      upstream.receivedWith(id).map((seen) => `${seen.url} ${seen.body.toString()}`),
      [`/${id}?q=1 f=1`, `/${id}?q=2 f=2`, `/${id}?q=3 f=3`],
    );
  });

  it('refuses a form over the limit with 413 and forwards nothing; any other body of that size streams through', async () => {
    const id = randomUUID();
    const huge = `user=${admin.pk}&token=${admin.token}&data=${'x'.repeat(3 * 1024 * 1024)}`;
    const sent = (contentType: string) => proxied(`/svc/open/${id}`, { method: 'POST', headers: withToken(admin.token, { 'content-type': contentType }), body: huge });
    assert.deepEqual(await refusalOf(await sent('application/x-www-form-urlencoded')), {
      status: 413,
      body: {
        code: 'payload_too_large',
        message: 'A form body sent through the gateway may hold at most 2621440 bytes; send a larger upload as another content type (multipart/form-data, application/octet-stream).',
      },
    });
    assert.equal((await sent('text/plain')).status, 201);
    const seen = upstream.receivedWith(id);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.body.toString(), huge, 'a body that is not a form is no credential, and arrives whole');
  });

  it('answers 401 itself to a request without a valid credential; the upstream receives nothing', async () => {
    const id = randomUUID();
    const unknown = `tst_${'A'.repeat(43)}000000`;
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `user=${admin.pk}&token=${unknown}` };
    assert.deepEqual(await refusalOf(await proxied(`/svc/orders/${id}`)), {
      status: 401,
      body: { code: 'not_authenticated', message: 'Authentication credentials were not provided.' },
    });
    assert.deepEqual(await refusalOf(await proxied(`/svc/open/${id}`, { headers: withToken(unknown) })), {
      status: 401,
      body: { code: 'token_authentication_failed', message: 'Invalid token.' },
    });
    assert.deepEqual(await refusalOf(await proxied(`/svc/open/${id}`, form)), {
      status: 401,
      body: { code: 'token_authentication_failed', message: 'Invalid token.' },
    });
    assert.deepEqual(upstream.receivedWith(id), []);
  });

  it("answers 403 itself when the token's policy blocks the method on the route's resource", async () => {
    const id = randomUUID();
    const readOrders = await issue('{"resources": {"orders": {"allow": ["GET"]}}}');
    assert.equal((await proxied(`/svc/orders/${id}?read`, { headers: withToken(readOrders.token) })).status, 201);
    assert.deepEqual(await refusalOf(await proxied(`/svc/orders/${id}?write`, { method: 'DELETE', headers: withToken(readOrders.token) })), {
      status: 403,
      body: { code: 'permission_denied', message: 'This token\'s policy does not allow DELETE on the resource "orders".' },
    });
    assert.equal((await proxied(`/svc/open/${id}?unnamed`, { headers: withToken(readOrders.token) })).status, 403, 'a route without a resource is asked about as *');
    assert.deepEqual(upstream.receivedWith(id).map((entry) => `${entry.method} ${entry.url}`), [`GET /orders-api/${id}?read`]);
  });

  it('lets a policy for every resource govern routes without a resource', async () => {
    const id = randomUUID();
    const readAnything = await issue('{"resources": {"*": {"allow": ["GET", "HEAD"]}}}');
    assert.equal((await proxied(`/svc/open/${id}?read`, { headers: withToken(readAnything.token) })).status, 201);
    assert.equal((await proxied(`/svc/open/${id}?write`, { method: 'POST', headers: withToken(readAnything.token), body: 'x' })).status, 403);
    assert.deepEqual(upstream.receivedWith(id).map((entry) => entry.method), ['GET']);
  });

  it("refuses a path that climbs out of the upstream's base path", async () => {
    const id = randomUUID();
    // Sent raw, as fetch would resolve the segments itself. Both reach /svc/orders/*; an http URL reads \ as /.
    for (const path of [`/svc/orders/${id}/../../orders/${id}`, `/svc/orders/${id}\\..\\..\\orders/${id}`]) {
      assert.equal(await rawStatus(path, withToken(admin.token)), 400, path);
    }
    assert.deepEqual(upstream.receivedWith(id), []);
  });

  it('answers 502 when the upstream cannot be reached, and 504 when it does not answer in time', async () => {
    assert.deepEqual(await refusalOf(await proxied('/svc/down/anything', { headers: withToken(admin.token) })), {
      status: 502,
      body: { code: 'bad_gateway', message: 'The service behind /svc/down cannot be reached.' },
    });
    const id = randomUUID();
    assert.deepEqual(await refusalOf(await proxied(`/svc/slow/${id}`, { headers: withToken(admin.token) })), {
      status: 504,
      body: { code: 'gateway_timeout', message: 'The service behind /svc/slow did not answer in time.' },
    });
    assert.equal(upstream.receivedWith(id).length, 1);
  });

  it("returns the upstream's refusals as they are, and never replays a request", async () => {
    const id = randomUUID();
    for (const status of [404, 503]) {
      const response = await proxied(`/svc/open/${id}?status=${status}`, { headers: withToken(admin.token) });
      assert.equal(response.status, status);
      assert.deepEqual(await response.json(), { echoed: `/${id}?status=${status}` });
    }
    assert.equal(upstream.receivedWith(id).length, 2);
  });

  it('refuses to start with a route over its own paths, naming the setting', () => {
    const routes = JSON.stringify([{ prefix: '/api/v2', upstream: upstream.url }]);
    const failure = startupFailure('gateway', { ...platform.env, GATEWAY_PROXY_ROUTES: routes });
    assert.equal(failure.status, 78);
    assert.match(failure.stderr + failure.stdout, /GATEWAY_PROXY_ROUTES .*prefix "\/api\/v2" overlaps the gateway's own \/api/);
  });
});
