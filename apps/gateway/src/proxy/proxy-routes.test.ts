import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, json, loadConfig } from '@tessera/config';
import { ProxyRoutes } from './proxy-routes.ts';

const spec = { proxyRoutes: json('GATEWAY_PROXY_ROUTES', ProxyRoutes, []) };
const load = (routes: unknown) => loadConfig(spec, { GATEWAY_PROXY_ROUTES: JSON.stringify(routes) }).proxyRoutes;
const route = (fields: Record<string, unknown>) => ({ prefix: '/svc/orders', upstream: 'http://127.0.0.1:9000', ...fields });

function refusal(routes: unknown): string {
  try {
    load(routes);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  assert.fail('expected GATEWAY_PROXY_ROUTES to be refused');
}

describe('GATEWAY_PROXY_ROUTES', () => {
  it('is empty when unset', () => assert.deepEqual(loadConfig(spec, {}).proxyRoutes, []));

  it('reads routes with and without a resource, a path on the upstream, a timeout and the wording of refusals', () => {
    const routes = [
      route({ resource: 'orders' }),
      { prefix: '/.well-known/files', upstream: 'https://files.internal/api/', timeout_ms: 120_000 },
      { prefix: '/svc/orders/v2', upstream: 'http://[::1]:9001' },
      { prefix: '/legacy', upstream: 'http://127.0.0.1:8000', refusals: 'django-tokenapi' },
      { prefix: '/svc/files', upstream: 'http://127.0.0.1:9002', refusals: 'qfieldcloud', method_overrides: 'check' },
      { prefix: '/svc/forms', upstream: 'http://127.0.0.1:9003', method_overrides: 'strip' },
    ];
    assert.deepEqual(load(routes), routes);
  });

  it('names the variable and the route that is wrong', () =>
    assert.match(refusal([route({}), route({ prefix: 'svc' })]), /GATEWAY_PROXY_ROUTES \(got .*\): \/1 prefix "svc" must start with \//));

  for (const [prefix, problem] of [
    ['/svc/', /must not end with \//],
    ['/', /must not end with \//],
    ['/svc/../admin', /must not contain \.\./],
    ['/svc/./orders', /only letters, digits/],
    ['/svc//orders', /only letters, digits/],
    ['/svc/:id', /only letters, digits/],
    ['/svc/*', /only letters, digits/],
    ['/svc/%6Frders', /only letters, digits/],
  ] as const) {
    it(`refuses the prefix ${prefix}`, () => assert.match(refusal([route({ prefix })]), problem));
  }

  for (const [prefix, own] of [
    ['/api', '/api'],
    ['/api/v2/orders', '/api'],
    ['/token', '/token'],
    ['/healthz', '/healthz'],
    ['/readyz/deep', '/readyz'],
    ['/docs', '/docs'],
    ['/openapi.json', '/openapi.json'],
    ['/.well-known', '/.well-known/jwks.json'],
    ['/.well-known/jwks.json', '/.well-known/jwks.json'],
  ] as const) {
    it(`refuses the prefix ${prefix}, which overlaps the gateway's ${own}`, () =>
      assert.match(refusal([route({ prefix })]), new RegExp(`overlaps the gateway's own ${own.replace('.', '\\.')}`)));
  }

  it('accepts prefixes that only look like the gateway\'s', () => assert.equal(load([route({ prefix: '/apis' }), route({ prefix: '/tokens' })]).length, 2));

  for (const [upstream, problem] of [
    ['127.0.0.1:9000', /is not a URL; expected e\.g\. http:\/\/127\.0\.0\.1:9000/],
    ['localhost:9000', /must be an http: or https: URL, not localhost:/],
    ['ftp://files.internal', /must be an http: or https: URL, not ftp:/],
    ['http://svc:secret@orders.internal', /must not hold a user or password/],
    ['http://orders.internal/?tenant=1', /must not have a query or fragment/],
  ] as const) {
    it(`refuses the upstream ${upstream}`, () => assert.match(refusal([route({ upstream })]), problem));
  }

  it('refuses a resource that a policy could not name', () => assert.match(refusal([route({ resource: '*' })]), /\/0\/resource must match/));
  it('names an unknown field', () => assert.match(refusal([route({ upstrem: 'http://x' })]), /: \/0\/upstrem /));
  it('refuses a timeout out of range', () => assert.match(refusal([route({ timeout_ms: 10 })]), /\/0\/timeout_ms must be >= 100/));
  it('refuses refusals worded as nothing it knows', () => assert.match(refusal([route({ refusals: 'django' })]), /\/0\/refusals /));
  it('refuses method overrides treated any other way', () => assert.match(refusal([route({ method_overrides: 'forward' })]), /\/0\/method_overrides /));
  it('refuses the same prefix twice', () =>
    assert.match(refusal([route({}), route({ upstream: 'http://127.0.0.1:9001' })]), /has the prefix "\/svc\/orders" more than once/));
});
