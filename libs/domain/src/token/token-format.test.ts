import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatToken, maskToken, parseToken, tokenLength } from './token-format.ts';

const bytes = (fill: number) => new Uint8Array(32).fill(fill);

describe('token format', () => {
  it('is prefix + 43 base62 characters + a 6-character checksum, and parses back', () => {
    const token = formatToken(bytes(7));
    assert.match(token, /^tst_[0-9A-Za-z]{49}$/);
    assert.equal(token.length, tokenLength);
    assert.deepEqual(parseToken(token), { ok: true, token });
  });

  it('encodes the extremes of 256 bits without overflow', () => {
    assert.equal(parseToken(formatToken(bytes(0))).ok, true);
    assert.equal(parseToken(formatToken(bytes(255))).ok, true);
  });

  it('distinct randomness gives distinct tokens', () => {
    assert.notEqual(formatToken(bytes(1)), formatToken(bytes(2)));
  });

  it('refuses a token of the wrong size of randomness', () => {
    assert.throws(() => formatToken(new Uint8Array(16)), RangeError);
  });

  it('rejects malformed credentials with the reason, without any lookup', () => {
    const token = formatToken(bytes(9));
    const flipped = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
    assert.deepEqual(parseToken(flipped), { ok: false, reason: 'checksum' });
    assert.deepEqual(parseToken(token.slice(1)), { ok: false, reason: 'length' });
    assert.deepEqual(parseToken(`xyz_${token.slice(4)}`), { ok: false, reason: 'prefix' });
    assert.deepEqual(parseToken(`${token.slice(0, -7)}!${token.slice(-6)}`), { ok: false, reason: 'alphabet' });
  });

  it('masks all but the prefix and four characters', () => {
    const token = formatToken(bytes(3));
    assert.equal(maskToken(token), `${token.slice(0, 8)}***`);
  });
});
