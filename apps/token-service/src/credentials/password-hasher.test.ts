import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPasswordHasher } from './password-hasher.ts';

describe('password hasher (argon2id)', async () => {
  const hasher = await createPasswordHasher();

  it('stores a PHC string that does not contain the password', async () => {
    const phc = await hasher.hash('correct horse battery staple');
    assert.match(phc, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.doesNotMatch(phc, /horse/);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const phc = await hasher.hash('s3cret-Password');
    assert.equal(await hasher.verify(phc, 's3cret-Password'), true);
    assert.equal(await hasher.verify(phc, 's3cret-password'), false);
  });

  it('salts: the same password hashes differently each time', async () => {
    assert.notEqual(await hasher.hash('same'), await hasher.hash('same'));
  });

  it('refuses anything that is not its own PHC format, and the decoy matches nothing a user types', async () => {
    assert.equal(await hasher.verify('$2b$10$notargon', 'x'), false);
    assert.equal(await hasher.verify(hasher.decoy, ''), false);
  });
});
