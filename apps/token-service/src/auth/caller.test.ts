import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionError } from '@tessera/domain';
import { actingOn, actorOf, requireAdmin, requireUnrestricted, type Caller } from './caller.ts';

const user: Caller = {
  userId: 'usr_ada', username: 'ada', roles: ['user'], tokenId: 'tok_ada', credential: 'token', clientType: 'cli', isAdmin: false, restricted: false,
};
const admin: Caller = { ...user, userId: 'usr_root', username: 'root', roles: ['admin'], tokenId: 'key_root', credential: 'api_key', isAdmin: true };

describe('who a caller may act on', () => {
  it('a user acts on itself, named or by the empty id', () => {
    assert.equal(actingOn(user, ''), 'usr_ada');
    assert.equal(actingOn(user, 'usr_ada'), 'usr_ada');
  });
  it('a user may not act on another user', () => assert.throws(() => actingOn(user, 'usr_bob'), PermissionError));
  it('an admin acts on anyone', () => assert.equal(actingOn(admin, 'usr_bob'), 'usr_bob'));
  it('admin-only actions refuse a user and let an admin through', () => {
    assert.throws(() => requireAdmin(user), { name: 'PermissionError', message: 'You do not have permission to perform this action.' });
    assert.doesNotThrow(() => requireAdmin(admin));
  });
  it('a token with a policy manages nothing, even an admin\'s', () => {
    assert.throws(() => requireUnrestricted({ ...admin, restricted: true }), { name: 'PermissionError', message: /token with a policy/ });
    assert.equal(requireUnrestricted(user), user);
  });
  it('the events record the caller by user and by the credential it used', () =>
    assert.deepEqual(actorOf(admin), { user_id: 'usr_root', credential: 'api_key', credential_id: 'key_root' }));
});
