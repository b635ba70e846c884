import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatApiKeyId, isApiKeyId } from './api-key-format.ts';

describe('API key id format', () => {
  it('is key_ and 22 base62 characters, and is recognised', () => {
    for (const fill of [0, 7, 255]) {
      const id = formatApiKeyId(new Uint8Array(16).fill(fill));
      assert.match(id, /^key_[0-9A-Za-z]{22}$/);
      assert.equal(isApiKeyId(id), true);
    }
  });
  it('refuses the wrong amount of randomness', () => assert.throws(() => formatApiKeyId(new Uint8Array(8)), RangeError));
  it('does not recognise other text', () => {
    for (const text of ['key_', 'key_abc', `key_${'a'.repeat(21)}!`, `tst_${'a'.repeat(22)}`, `key_${'a'.repeat(23)}`]) assert.equal(isApiKeyId(text), false, text);
  });
});
