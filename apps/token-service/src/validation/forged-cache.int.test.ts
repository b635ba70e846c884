import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { credentialCacheKey, digestOf } from '@tessera/contracts';
import { formatToken } from '@tessera/domain';
import { bootstrapAdmin, testPassword, waitFor, type Platform, type TokenServiceTestClient } from '@tessera/testing';
import { tokenServiceFixture } from '../testing/token-service-fixture.ts';
import type { CredentialRecord } from './credential-lookup.ts';

// Whoever can write to Redis (a neighbour on a shared Redis, a leaked REDIS_URL) writes the records below; none of
// them may change what Validate answers.
describe('Validate trusts no validation cache entry it did not write itself, against the real Redis', () => {
  // Entries live 2 s, so that a captured one can be replayed after its time within the test.
  const fixture = tokenServiceFixture('forged_cache', { env: { VALIDATION_CACHE_TTL_SECONDS: '2' } });
  let platform: Platform;
  let rpc: TokenServiceTestClient;
  let redis: Redis;
  let admin: string;

  before(async () => {
    ({ platform, rpc } = fixture);
    redis = new Redis(platform.env['REDIS_URL']!, { keyPrefix: `${platform.prefix}:`, lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    admin = (await rpc.call('AuthService', 'Login', { login: bootstrapAdmin.username, password: bootstrapAdmin.password })).token!.token;
  });

  after(() => redis?.disconnect());

  const entryKey = (token: string) => `verdict:${credentialCacheKey({ kind: 'token', digest: digestOf(token) })}`;
  const validate = (token: string) => rpc.call('ValidationService', 'Validate', { token });
  const plainUserToken = async (username: string) => {
    const password = testPassword(username);
    await rpc.call('UserService', 'CreateUser', { username, email: `${username}@example.com`, password, first_name: '', last_name: '', roles: [] }, { token: admin });
    return (await rpc.call('AuthService', 'Login', { login: username, password, client: { user_agent: 'cli|1', ip: '' } })).token!;
  };
  const forgedAdmin = (tokenId: string): CredentialRecord => ({
    credential: 'token',
    user: { id: 'usr_forged', username: 'mallory', email: 'mallory@example.com', first_name: '', last_name: '', roles: ['admin'], active: true },
    token: {
      id: tokenId,
      client_type: 'cli',
      user_agent: '',
      note: '',
      masked: 'tst_XXXX***',
      created_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      valid: true,
      invalid_reason: '',
      invalid_date: null,
      policy: null,
    },
  });
  const rejections = () =>
    platform
      .process('token-service')
      .output()
      .split('\n')
      .filter((line) => line.includes('"event":"validation_cache_record_rejected"'));

  it('does not make an admin of a token that does not exist, whatever the forged entry looks like', async () => {
    const plain = formatToken(randomBytes(32));
    const signedLike = formatToken(randomBytes(32));
    await redis.set(entryKey(plain), JSON.stringify(forgedAdmin('tok_forged1')), 'EX', 60);
    await redis.set(entryKey(signedLike), `v1:${Math.floor(Date.now() / 1000) + 60}:${'A'.repeat(43)}:${JSON.stringify(forgedAdmin('tok_forged2'))}`, 'EX', 60);
    for (const token of [plain, signedLike]) {
      const verdict = await validate(token);
      assert.equal(verdict.code, 'NOT_FOUND');
      assert.equal(verdict.user, null);
    }
    await waitFor(() => rejections().length >= 2, { description: 'an alert for each forged entry' });
    for (const line of rejections()) {
      const alert = JSON.parse(line) as Record<string, unknown>;
      assert.equal(alert['level'], 50, 'logged as an error');
      assert.equal(alert['credential'], 'token');
      assert.ok(!line.includes(digestOf(plain)) && !line.includes(digestOf(signedLike)), 'the alert does not name the credential');
    }
    assert.ok(!platform.process('token-service').output().includes(platform.env['VALIDATION_CACHE_HMAC_KEY']!), 'the key is never logged');
  });

  it('does not carry an admin entry over to another token', async () => {
    assert.deepEqual((await validate(admin)).user?.roles, ['admin']);
    const genuine = await redis.get(entryKey(admin));
    assert.ok(genuine !== null && genuine.includes('"admin"'), 'the admin token is cached');
    const other = await plainUserToken('plain_copy');
    await redis.set(entryKey(other.token), genuine, 'EX', 60);
    const verdict = await validate(other.token);
    assert.equal(verdict.code, 'VALID');
    assert.equal(verdict.user?.username, 'plain_copy');
    assert.deepEqual(verdict.user?.roles, ['user'], 'its own roles, not the copied ones');
  });

  it('does not revive a revoked token with its own entry, replayed after that entry expired', async () => {
    const issued = await plainUserToken('plain_replay');
    assert.equal((await validate(issued.token)).code, 'VALID');
    const captured = await redis.get(entryKey(issued.token));
    assert.ok(captured !== null && captured.includes('plain_replay'), 'the lookup is cached');
    await rpc.call('TokenService', 'RevokeToken', { token_id: issued.id, reason: 'replay test' }, { token: admin });
    const capturedAt = Date.now();
    // Written before it was captured, for 2 s counted from the next whole second: past its time 3 s after.
    await waitFor(() => Date.now() - capturedAt > 3_100, { timeoutMs: 6_000, description: 'the captured entry past its time' });
    await redis.set(entryKey(issued.token), captured, 'EX', 60);
    assert.equal((await validate(issued.token)).code, 'REVOKED');
  });
});
