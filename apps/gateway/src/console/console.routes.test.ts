import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakeTokenService } from '../testing/fake-token-service.ts';
import { gatewayUnderTest } from '../testing/gateway-under-test.ts';

const app = await gatewayUnderTest({ after }, { tokenService: fakeTokenService() });

describe('gateway: the console page and its assets', () => {
  it('serves the page under a strict policy that lets it call this origin, with same-origin referrers for the CSRF check', async () => {
    const page = await app.inject({ method: 'GET', url: '/console' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    for (const directive of ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    assert.doesNotMatch(csp, /unsafe/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    // Under no-referrer a browser sends `Origin: null` with the page's DELETEs and POSTs, which CSRF checks refuse.
    assert.equal(page.headers['referrer-policy'], 'same-origin');
    assert.doesNotMatch(page.body, /<script>|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=/i, 'no inline script or handler');
  });

  it('leaves the API\'s own policy and referrer rule as they were', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/auth/user/' });
    assert.equal(api.headers['content-security-policy'], "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    assert.equal(api.headers['referrer-policy'], 'no-referrer');
  });

  it('serves the bundled script and the styles the page names, revalidated by ETag', async () => {
    const page = await app.inject({ method: 'GET', url: '/console' });
    const named = [...page.body.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    assert.deepEqual(named.sort(), ['/console/assets/console.css', '/console/assets/console.js']);
    for (const url of named) {
      const asset = await app.inject({ method: 'GET', url });
      assert.equal(asset.statusCode, 200, url);
      assert.ok(asset.body.length > 500, `${url} has content`);
      assert.equal((await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(asset.headers.etag) } })).statusCode, 304);
    }
    const script = await app.inject({ method: 'GET', url: '/console/assets/console.js' });
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.doesNotMatch(script.body, /from\s*["']node:|fastify/, 'no server code in the browser bundle');
  });
});
