import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyIdPattern } from '../api-key/api-key-format.ts';
import { emailPattern, isEmail, isUsername, tokenIdPattern, userIdPattern, usernamePattern } from './identifiers.ts';

// Request validators compile JSON Schema patterns with the `u` flag (Ajv), the domain without: both must agree.
const bothWays = (pattern: string, candidate: string) => {
  const plain = new RegExp(pattern).test(candidate);
  assert.equal(new RegExp(pattern, 'u').test(candidate), plain, `${pattern} reads ${JSON.stringify(candidate)} alike with the u flag`);
  return plain;
};

function accepts(pattern: string, good: string[], bad: string[]) {
  for (const candidate of good) assert.equal(bothWays(pattern, candidate), true, `accepts ${JSON.stringify(candidate)}`);
  for (const candidate of bad) assert.equal(bothWays(pattern, candidate), false, `refuses ${JSON.stringify(candidate)}`);
}

describe('names and ids', () => {
  it("a username is 1 to 150 of Django's characters: letters, digits and . @ + - _", () => {
    const good = ['a', 'Ada', 'ada.lovelace', 'ada@example.com', 'ada+test', 'ada_l-1', 'x'.repeat(150)];
    const bad = ['', 'ada lovelace', 'ada/l', 'ada:l', 'adä', 'ada\n', 'x'.repeat(151)];
    accepts(usernamePattern, good, bad);
    assert.deepEqual([...good, ...bad].map(isUsername), [...good.map(() => true), ...bad.map(() => false)]);
  });

  it('an email address has one @, no blanks or control characters, a local part of at most 64 and at most 254 characters in all', () => {
    const good = ['ada@example.com', 'admin@localhost', 'Grace+ops@Example.com', `${'l'.repeat(64)}@example.com`];
    const bad = ['nope', '@example.com', 'ada@', 'ada@@example.com', 'a da@example.com', 'ada@exa mple.com', '\u001cada@example.com', 'ada@exam\u007fple.com', `${'l'.repeat(65)}@example.com`];
    accepts(emailPattern, good, bad);
    for (const candidate of [...good, ...bad]) assert.equal(isEmail(candidate), good.includes(candidate), candidate);
    const longest = `${'l'.repeat(64)}@${'d'.repeat(189)}`;
    assert.deepEqual([longest.length, isEmail(longest), isEmail(`${longest}d`)], [254, true, false]);
  });

  it('user and token ids are their prefix and up to 60 URL-safe characters', () => {
    accepts(userIdPattern, ['usr_1', 'usr_Qm9vdHN0cmFwLWFk', 'usr_a-b_c', `usr_${'a'.repeat(60)}`], ['usr_', 'tok_abc', 'USR_abc', 'usr_a.b', 'usr_a/b', `usr_${'a'.repeat(61)}`]);
    accepts(tokenIdPattern, ['tok_1', 'tok_Qm9vdHN0cmFwLWFk', `tok_${'a'.repeat(60)}`], ['tok_', 'usr_abc', 'key_abc', 'tok_a b', `tok_${'a'.repeat(61)}`]);
  });

  it('an API key id is key_ and 22 base62 characters', () =>
    accepts(apiKeyIdPattern, [`key_${'aZ09'.repeat(5)}aZ`], ['key_abc', `key_${'a'.repeat(21)}-`, `tok_${'a'.repeat(22)}`]));
});
