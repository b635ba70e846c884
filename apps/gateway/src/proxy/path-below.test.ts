import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathBelow } from './path-below.ts';

describe('proxy: the path below a prefix, as the upstream receives it', () => {
  it('is what follows the prefix, as written, without the query', () => {
    assert.equal(pathBelow('/svc', '/svc'), '');
    assert.equal(pathBelow('/svc', '/svc/'), '/');
    assert.equal(pathBelow('/svc', '/svc?a=1'), '');
    assert.equal(pathBelow('/svc', '/svc/orders/7?path=../../etc'), '/orders/7', 'dots in the query are the upstream\'s to read');
    assert.equal(pathBelow('/svc/orders', '/svc/orders/a%2Fb/caf%C3%A9'), '/a%2Fb/caf%C3%A9', 'an encoded slash and UTF-8 stay encoded');
  });

  it('is nothing when the prefix is not there as written, segment for segment', () => {
    assert.equal(pathBelow('/api', '/apix'), undefined);
    assert.equal(pathBelow('/svc', '/svcx/orders'), undefined);
    assert.equal(pathBelow('/svc', '/sv%63/orders'), undefined, 'an encoded prefix');
    assert.equal(pathBelow('/svc', '/SVC/orders'), undefined, 'another case');
    assert.equal(pathBelow('/svc/orders', '/svc'), undefined);
  });

  it('refuses . and .. segments, written plainly or percent-encoded in any case', () => {
    for (const url of ['/svc/..', '/svc/../admin', '/svc/a/../../admin', '/svc/.', '/svc/./a', '/svc/a/.', '/svc/%2e%2e/admin', '/svc/%2E%2e/admin', '/svc/.%2e/admin', '/svc/%2e./admin', '/svc/%2e']) {
      assert.equal(pathBelow('/svc', url), undefined, url);
    }
  });

  it('counts \\ and encoded slashes and backslashes as separators around a dot segment', () => {
    for (const url of ['/svc/..\\admin', '/svc/a\\..\\..\\admin', '/svc/..%2fadmin', '/svc/..%2Fadmin', '/svc/%2e%2e%2fadmin', '/svc/a%2f..%2fadmin', '/svc/a%2F..', '/svc/..%5cadmin', '/svc/a%5C.%5Cb']) {
      assert.equal(pathBelow('/svc', url), undefined, url);
    }
  });

  it('refuses a dot segment that carries a path parameter, which servlet containers drop before resolving', () => {
    for (const url of ['/svc/..;/admin', '/svc/..;jsessionid=x/admin', '/svc/a/..%3b/admin', '/svc/.;x/a', '/svc/..;']) {
      assert.equal(pathBelow('/svc', url), undefined, url);
    }
    assert.equal(pathBelow('/svc', '/svc/a;v=1/b'), '/a;v=1/b', 'a parameter on a name is the upstream\'s to read');
  });

  it('keeps names that merely hold dots', () => {
    assert.equal(pathBelow('/svc', '/svc/.well-known/x'), '/.well-known/x');
    assert.equal(pathBelow('/svc', '/svc/...'), '/...');
    assert.equal(pathBelow('/svc', '/svc/a..b/..c/d..'), '/a..b/..c/d..');
    assert.equal(pathBelow('/svc', '/svc/%2e%2e%2e'), '/%2e%2e%2e');
    assert.equal(pathBelow('/svc', '/svc/v1.2/file.tar.gz'), '/v1.2/file.tar.gz');
  });
});
