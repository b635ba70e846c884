import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { overriddenMethods } from './method-overrides.ts';

describe('proxy: method overrides', () => {
  it('reads each override header, under any spelling a CGI-style server folds together, and each value of a list', () => {
    const headers = { 'x-http-method-override': 'delete', 'x-http-method': 'PUT, patch', x_method_override: ['OPTIONS', 'DELETE'], 'x-method': 'HEAD' };
    assert.deepEqual(overriddenMethods(headers, '', undefined), ['DELETE', 'PUT', 'PATCH', 'OPTIONS']);
  });

  it('reads _method from the query and from a form, decoded', () => {
    assert.deepEqual(overriddenMethods({}, 'a=1&%5Fmethod=delete&_method=Put', Buffer.from('x=2&_method=%50ATCH')), ['DELETE', 'PUT', 'PATCH']);
    assert.deepEqual(overriddenMethods({}, 'method=DELETE&_methods=PUT', Buffer.from('a=_method')), []);
  });

  it('ignores an empty override, as the frameworks do, and keeps one it cannot name for the caller to refuse', () => {
    assert.deepEqual(overriddenMethods({ 'x-http-method-override': ' ' }, '_method=', undefined), []);
    assert.deepEqual(overriddenMethods({ 'x-http-method-override': 'trace' }, '', undefined), ['TRACE']);
  });
});
