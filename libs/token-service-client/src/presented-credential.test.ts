import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { presentedCredential, type PresentedCredential } from './presented-credential.ts';

const token = `tst_${'a'.repeat(43)}abcdef`;
const secret = `tst_${'b'.repeat(43)}abcdef`;
const apiKey = `key_${'k'.repeat(22)}`;
const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
const read = (authorization?: string, params?: { user?: unknown; token?: unknown }) => presentedCredential({ authorization, params });
const unreadable = (message: RegExp) => (result: PresentedCredential) => {
  assert.equal(result.kind, 'unreadable');
  assert.match(result.kind === 'unreadable' ? result.message : '', message);
};

describe('the credential a request presents', () => {
  it('none without a header or parameters, and none for a scheme that is not ours', () => {
    assert.deepEqual(read(), { kind: 'none' });
    assert.deepEqual(read('   '), { kind: 'none' });
    assert.deepEqual(read('Digest username="x"'), { kind: 'none' });
  });

  for (const scheme of ['Token', 'token', 'TOKEN', 'Bearer', 'bearer']) {
    it(`a token after "${scheme}"`, () => assert.deepEqual(read(`${scheme} ${token}`), { kind: 'token', token }));
  }

  it('an API key and secret after "token" (Frappe)', () =>
    assert.deepEqual(read(`token ${apiKey}:${secret}`), { kind: 'api_key', apiKey, secret }));
  it('an API key and secret in Basic (Frappe)', () =>
    assert.deepEqual(read(basic(`${apiKey}:${secret}`)), { kind: 'api_key', apiKey, secret }));
  it('a user and token in Basic (django-tokenapi)', () => assert.deepEqual(read(basic(`42:${token}`)), { kind: 'token', token, user: '42' }));
  it('a token in Basic without a user', () => assert.deepEqual(read(basic(`:${token}`)), { kind: 'token', token }));

  it('the user and token parameters, which win over the header', () => {
    assert.deepEqual(read(`Token ${secret}`, { user: '42', token }), { kind: 'token', token, user: '42' });
    assert.deepEqual(read(undefined, { token }), { kind: 'token', token });
  });
  it('ignores parameters that are not strings or are empty', () => {
    assert.deepEqual(read(`Token ${token}`, { token: ['a', 'b'] }), { kind: 'token', token });
    assert.deepEqual(read(`Token ${token}`, { token: '' }), { kind: 'token', token });
  });

  it('says why a header cannot be read, in DRF\'s words', () => {
    unreadable(/No credentials provided/)(read('Token'));
    unreadable(/should not contain spaces/)(read(`Token ${token} extra`));
    unreadable(/should not contain spaces/)(read(`Basic abc def`));
    unreadable(/not correctly base64 encoded/)(read('Basic !!!notbase64'));
    unreadable(/not correctly base64 encoded/)(read('Basic abc'));
    unreadable(/not correctly base64 encoded/)(read(basic('no-separator')));
    unreadable(/No credentials provided/)(read(basic('user:')));
    unreadable(/api_key>:<api_secret/)(read(`token not-a-key:${secret}`));
    unreadable(/too long/)(read(`Token ${'x'.repeat(600)}`));
    unreadable(/too long/)(read(undefined, { token: 'x'.repeat(600) }));
  });
});
