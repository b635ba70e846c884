import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { LoginRequest } from '@tessera/contracts';
import { bootstrapAdmin, refusal, testPassword, waitFor, type TokenServiceTestClient } from '@tessera/testing';
import { anotherTokenService, tokenServiceFixture } from '../testing/token-service-fixture.ts';

/** How a Login ended: logged in, or refused with the token service's code. */
const outcome = async (rpc: TokenServiceTestClient, request: LoginRequest) => {
  try {
    await rpc.call('AuthService', 'Login', request);
    return 'logged in';
  } catch (error) {
    const refused = error as ServiceError;
    assert.equal(refused.code, status.UNAUTHENTICATED, refused.details);
    return String(refused.metadata.get('tessera-error-code')[0]);
  }
};

const client = (ip: string) => ({ user_agent: 'cli|1', ip });

describe('token service: Login called directly is throttled as the gateway\'s routes are', () => {
  const fixture = tokenServiceFixture('login_throttle', { env: { LOGIN_MAX_FAILURES: '5' } });

  it('locks the account at the caller\'s address on the 5th failure, even for the right password', async () => {
    const { rpc } = fixture;
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await outcome(rpc, { login: bootstrapAdmin.username, password: testPassword('guess'), client: client('198.51.100.9') }));
    assert.deepEqual(guesses, [...Array.from({ length: 4 }, () => 'authentication_failed'), 'too_many_failed_login_attempts']);
    assert.equal(await outcome(rpc, { login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: client('198.51.100.9') }), 'too_many_failed_login_attempts');
    assert.equal(await outcome(rpc, { login: `${bootstrapAdmin.username}@tessera.local`, password: bootstrapAdmin.password, client: client('198.51.100.9') }), 'too_many_failed_login_attempts', 'the email is the same account');
    assert.equal(await outcome(rpc, { login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: client('203.0.113.20') }), 'logged in', 'another address is not locked');
  });
});

describe('token service: while Redis is away, logins are refused unless LOGIN_THROTTLE_WITHOUT_REDIS=allow', () => {
  const fixture = tokenServiceFixture('login_fail_closed', { own: 'redis' });
  let open: TokenServiceTestClient;

  before(async () => {
    ({ rpc: open } = await anotherTokenService(fixture.platform, { LOGIN_THROTTLE_WITHOUT_REDIS: 'allow' }));
  });

  after(() => open?.close());

  it('refuses the right password as locked while failures cannot be counted, and logs in again once Redis is back', async () => {
    const { rpc, own: redis } = fixture;
    const admin = { login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: client('198.51.100.10') };
    const adminToken = (await rpc.call('AuthService', 'Login', admin)).token!.token;

    await redis.stop();
    assert.equal(await outcome(rpc, admin), 'too_many_failed_login_attempts', 'the default fails closed');
    assert.equal(await outcome(rpc, { ...admin, password: testPassword('wrong') }), 'too_many_failed_login_attempts', 'and answers every attempt alike');
    assert.equal(await outcome(open, admin), 'logged in', 'the explicit opt-in lets it through, unthrottled');
    // An admin asking about lockouts gets no made-up answer: the service is unavailable for that, and says so.
    const lockout = await refusal(rpc.call('UserService', 'GetLoginLockout', { login: bootstrapAdmin.username }, { token: adminToken }));
    assert.deepEqual([status[lockout.code], lockout.metadata.get('tessera-error-code')[0]], ['UNAVAILABLE', 'lockouts_unavailable']);

    await redis.start();
    await waitFor(async () => (await outcome(rpc, admin)) === 'logged in', { timeoutMs: 30_000, description: 'logins counted again' });
  });
});
