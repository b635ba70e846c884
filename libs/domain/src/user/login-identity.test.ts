import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { userForLogin } from './login-identity.ts';

const ada = { username: 'Ada', email: 'ada@example.com' };
const grace = { username: 'grace', email: 'Grace@Example.com' };
const squatter = { username: 'ada@example.com', email: 'other@example.com' };

describe('who a login names', () => {
  it('a username, in any case', () => assert.equal(userForLogin([ada, grace], 'ADA'), ada));
  it('an email address, in any case', () => assert.equal(userForLogin([ada, grace], 'grace@example.COM'), grace));
  it('a username before an email address that reads the same', () => assert.equal(userForLogin([ada, squatter], 'ada@example.com'), squatter));
  it('nobody for an email shared by two users', () =>
    assert.equal(userForLogin([{ username: 'a', email: 'x@y.z' }, { username: 'b', email: 'X@y.z' }], 'x@y.z'), undefined));
  it('nobody when nothing matches', () => assert.equal(userForLogin([ada], 'bob'), undefined));
});
