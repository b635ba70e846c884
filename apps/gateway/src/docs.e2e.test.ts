import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAdmin, startPlatform, type Platform } from '@tessera/testing';

interface Operation {
  requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
}

describe('gateway: its OpenAPI document, browsable docs and security headers', () => {
  let platform: Platform;
  let gateway: string;
  let document: OpenApiDocument;

  before(async () => {
    platform = await startPlatform('gateway_docs', { services: ['token-service', 'gateway'] });
    gateway = platform.urls.gateway;
    const response = await fetch(`${gateway}/openapi.json`);
    assert.equal(response.status, 200);
    document = (await response.json()) as OpenApiDocument;
  });

  after(async () => {
    await platform?.stop();
  });

  it("lists the gateway's routes with their methods", () => {
    assert.match(document.openapi, /^3\.1\./);
    assert.equal(document.info.title, 'Tessera gateway');
    const expected: Record<string, string[]> = {
      '/api/v1/auth/login/': ['post'],
      '/api/v1/auth/token/': ['post'],
      '/api/v1/auth/user/': ['get'],
      '/api/v1/auth/logout/': ['get', 'post'],
      '/api/v1/auth/tokens/': ['get', 'post'],
      '/api/v1/auth/tokens/{token_id}/': ['delete'],
      '/api/v1/admin/users/': ['post'],
      '/api/v1/admin/lockouts/{login}/': ['get', 'delete'],
      '/token/new.json': ['post'],
      '/token/{token}/{userJson}': ['get'],
      '/api/method/frappe.auth.get_logged_user': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) assert.ok(document.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
    }
    for (const own of ['/openapi.json', '/docs', '/docs/json']) assert.equal(document.paths[own], undefined, `${own} is left out`);
  });

  it("documents the login's body and answer, and the shared error shape", () => {
    const login = document.paths['/api/v1/auth/login/']!['post']!;
    assert.deepEqual(Object.keys(login.requestBody!.content['application/json']!.schema.properties).sort(), ['email', 'password', 'username']);
    assert.ok(login.responses['200']!.content!['application/json']!.schema.properties!['token']);
    assert.deepEqual(Object.keys(login.responses['default']!.content!['application/json']!.schema.properties!).sort(), ['code', 'message']);
  });

  it('names the credential forms it accepts', () => {
    const schemes = document.components.securitySchemes;
    assert.deepEqual(schemes['token'] && { type: schemes['token'].type, in: schemes['token'].in, name: schemes['token'].name }, {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
    assert.equal(schemes['bearer']?.scheme, 'bearer');
    assert.equal(schemes['basic']?.scheme, 'basic');
  });

  it('serves the browsable docs', async () => {
    const page = await fetch(`${gateway}/docs`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /swagger-ui-bundle\.js/);
  });

  it('sends the security headers with a sign-in', async () => {
    const response = await fetch(`${gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'cli|1.0' },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  });
});
