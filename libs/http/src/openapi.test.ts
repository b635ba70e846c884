import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import { createHttpServer, type HttpServer } from './index.ts';

// Each request logs a line at info; the test's output is its verdicts.
const logLevel = 'warn';

const Widget = Type.Object({ id: Type.String(), size: Type.Integer({ minimum: 1 }), note: Type.Union([Type.String(), Type.Null()]) });
const NewWidget = Type.Object({ size: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String()) }, { additionalProperties: false });
const Problem = Type.Object({ code: Type.String(), message: Type.String() });

const widgetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ListQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 5, default: 2 }) }, { additionalProperties: false });
  app.get('/widgets/', { schema: { querystring: ListQuery, response: { 200: Type.Array(Widget) } } }, async (request) =>
    Array.from({ length: request.query.limit }, (_, index) => ({ id: `wid_${index}`, size: 1, note: null })),
  );
  app.post('/widgets/', { schema: { body: NewWidget, response: { 201: Widget, 400: Problem } } }, async (request, reply) =>
    reply.code(201).send({ id: 'wid_1', size: request.body.size, note: request.body.note ?? null }),
  );
  app.post('/widgets/search/', { schema: { response: { 200: Type.Array(Widget) } } }, async () => []);
  app.get('/widgets/:id/', { schema: { params: Type.Object({ id: Type.String({ pattern: '^wid_' }) }), response: { 200: Widget } } }, async (request) => ({
    id: request.params.id,
    size: 1,
    note: null,
  }));
};

/** Only helmet's headers that a JSON API needs: checked on every kind of answer. */
function assertSecurityHeaders(response: LightMyRequestResponse, what: string): void {
  assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(response.headers['referrer-policy'], 'no-referrer', what);
  assert.equal(response.headers['x-frame-options'], 'DENY', what);
  assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/, what);
  assert.equal(response.headers['strict-transport-security'], undefined, `${what}: HSTS is the TLS terminator's`);
}

const directives = (policy: unknown) =>
  new Map(
    String(policy)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );

describe('createHttpServer: OpenAPI document, docs and security headers', () => {
  let app: HttpServer;

  before(async () => {
    app = createHttpServer({
      service: 'openapi-test',
      logLevel,
      readiness: [],
      openapi: { title: 'Widgets', version: '1', description: 'Test service', credentials: ['token', 'bearer', 'basic'] },
    });
    await app.register(widgetRoutes);
    await app.ready();
  });

  after(() => app.close());

  it('documents routes registered after it, with their body and response schemas', async () => {
    const response = await app.inject('/openapi.json');
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.equal(document.openapi, '3.1.0');
    assert.deepEqual(document.info, { title: 'Widgets', version: '1', description: 'Test service' });

    const create = document.paths['/widgets/'].post;
    assert.deepEqual(create.requestBody.content['application/json'].schema.required, ['size']);
    assert.deepEqual(Object.keys(create.responses), ['201', '400', 'default']);
    assert.deepEqual(create.responses['201'].content['application/json'].schema.properties.note, { anyOf: [{ type: 'string' }, { type: 'null' }] });
    assert.deepEqual(create.responses.default.content['application/json'].schema.required, ['code', 'message'], 'the shared error shape');

    const read = document.paths['/widgets/{id}/'].get;
    assert.deepEqual(read.parameters, [{ schema: { type: 'string', pattern: '^wid_' }, in: 'path', name: 'id', required: true }]);
    assert.ok(!JSON.stringify(document).includes('~'), "no TypeBox keys (~kind, ~optional) reach the document");
  });

  it('tags the health routes and leaves its own routes out', async () => {
    const document = (await app.inject('/openapi.json')).json();
    assert.deepEqual(Object.keys(document.paths).sort(), ['/healthz', '/readyz', '/widgets/', '/widgets/search/', '/widgets/{id}/']);
    assert.deepEqual(document.paths['/healthz'].get.tags, ['health']);
  });

  it('offers every credential form, or none, as the security schemes', async () => {
    const document = (await app.inject('/openapi.json')).json();
    assert.deepEqual(document.components.securitySchemes.token, {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: 'A token: `Token <token>` (or `token <token>`), or an API key: `token <api_key>:<api_secret>`.',
    });
    assert.equal(document.components.securitySchemes.bearer.scheme, 'bearer');
    assert.equal(document.components.securitySchemes.basic.scheme, 'basic');
    assert.deepEqual(document.security, [{ token: [] }, { bearer: [] }, { basic: [] }, {}]);
  });

  it('serves the docs page, whose every asset loads from this origin under its own policy', async () => {
    const page = await app.inject('/docs');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assertSecurityHeaders(page, 'docs page');

    const policy = directives(page.headers['content-security-policy']);
    assert.deepEqual(policy.get('default-src'), ["'self'"], 'scripts, styles and the document come from this origin');
    assert.ok(policy.get('img-src')?.includes('data:'), "swagger-ui's icons are data: URLs");
    assert.ok(!policy.has('upgrade-insecure-requests'), 'the page is served over plain HTTP');
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script, which the policy would block');

    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);
    assert.ok(assets.some((url) => url.endsWith('swagger-ui-bundle.js')) && assets.some((url) => url.endsWith('swagger-ui.css')));
    // swagger-initializer.js asks for the document at ./json beside the page.
    for (const url of [...assets, '/docs/json']) {
      assert.ok(url.startsWith('/docs/'), `${url} is on this origin`);
      const asset = await app.inject(url);
      assert.equal(asset.statusCode, 200, url);
      assert.equal(asset.headers['content-security-policy'], page.headers['content-security-policy'], url);
    }
  });

  it('sends the security headers with a JSON answer, a 404 and a 400', async () => {
    const ok = await app.inject('/widgets/wid_1/');
    assert.equal(ok.statusCode, 200);
    assertSecurityHeaders(ok, '200');
    assert.equal(ok.headers['content-security-policy'], "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    assert.match(String(ok.headers['x-request-id']), /^req_[0-9a-f]{24}$/);

    const missing = await app.inject('/nothing-here');
    assert.equal(missing.statusCode, 404);
    assertSecurityHeaders(missing, '404');

    const invalid = await app.inject({ method: 'POST', url: '/widgets/', payload: { size: 0 } });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().code, 'validation_error');
    assertSecurityHeaders(invalid, '400');
  });
});

describe('createHttpServer: the document states what the routes take', () => {
  let app: HttpServer;

  before(async () => {
    app = createHttpServer({ service: 'contract-test', logLevel, readiness: [], openapi: { title: 'Widgets', version: '1', description: 'Test service' } });
    await app.register(widgetRoutes);
    await app.ready();
  });

  after(() => app.close());

  it('documents a field that has a default as optional, and the route takes the request without it', async () => {
    const document = (await app.inject('/openapi.json')).json();
    const [limit] = document.paths['/widgets/'].get.parameters;
    assert.equal(limit.name, 'limit');
    assert.equal(limit.required, false);
    assert.equal(limit.schema.default, 2);
    const response = await app.inject('/widgets/');
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().length, 2);
  });

  it('reads query text as the number its schema names, but refuses a body field of the wrong JSON type', async () => {
    assert.equal((await app.inject('/widgets/?limit=3')).json().length, 3);
    for (const payload of [{ size: '3' }, { size: 3, note: 7 }, { size: 3, note: null }]) {
      const response = await app.inject({ method: 'POST', url: '/widgets/', payload });
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().code, 'validation_error');
    }
    assert.equal((await app.inject({ method: 'POST', url: '/widgets/', payload: { size: 3, note: 'ok' } })).statusCode, 201);
  });

  it('answers a method a known path does not take with 405 and the methods it does take', async () => {
    for (const [method, url, allow] of [
      ['TRACE', '/widgets/wid_1/', 'GET, HEAD'],
      ['DELETE', '/widgets/wid_1/?limit=1', 'GET, HEAD'],
      ['PUT', '/widgets/', 'GET, HEAD, POST'],
      // The static route is the path's own, though GET /widgets/:id/ would match it too.
      ['TRACE', '/widgets/search/', 'POST'],
      // Routed to GET /widgets/:id/, whose id pattern would refuse it 400; the path's own route takes POST only.
      ['GET', '/widgets/search/?x=1', 'POST'],
      // Fastify wants a content type for a QUERY before it routes; the 405 comes first.
      ['QUERY', '/widgets/', 'GET, HEAD, POST'],
    ] as const) {
      const response = await app.inject({ method, url });
      assert.equal(response.statusCode, 405, `${method} ${url}`);
      assert.equal(response.headers['allow'], allow, `${method} ${url}`);
      assert.equal(response.json().code, 'method_not_allowed');
      assert.equal(response.json().message, `This path does not take ${method}. Send ${allow} instead.`);
      assertSecurityHeaders(response, `${method} ${url}`);
    }
  });

  it('still answers 404 for a path no route takes, whatever the method', async () => {
    for (const method of ['GET', 'TRACE', 'POST'] as const) {
      const response = await app.inject({ method, url: '/widgets/wid_1/parts/' });
      assert.equal(response.statusCode, 404, method);
      assert.equal(response.headers['allow'], undefined);
      assert.equal(response.json().code, 'not_found');
    }
  });
});

describe('createHttpServer without the openapi option', () => {
  it('serves no document and no docs, and still sends the security headers', async () => {
    const app = createHttpServer({ service: 'plain-test', logLevel, readiness: [] });
    try {
      for (const url of ['/openapi.json', '/docs']) assert.equal((await app.inject(url)).statusCode, 404, url);
      assertSecurityHeaders(await app.inject('/healthz'), 'healthz');
    } finally {
      await app.close();
    }
  });
});
