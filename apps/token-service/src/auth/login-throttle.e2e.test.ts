import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { LoginRequest } from '@tessera/contracts';
import {
  bootstrapAdmin,
  freePort,
  grpcHealthStatus,
  startPlatform,
  startPrivateServer,
  testPassword,
  tokenServiceClient,
  waitFor,
  type Platform,
  type PrivateServer,
  type TokenServiceTestClient,
} from '@tessera/testing';

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
  let platform: Platform;
  let rpc: TokenServiceTestClient;

  before(async () => {
    platform = await startPlatform('login_throttle', { services: ['token-service'], env: { LOGIN_MAX_FAILURES: '5' } });
    rpc = tokenServiceClient(platform.urls.tokenService, platform.serviceSecret);
  });

  after(async () => {
    rpc?.close();
    await platform?.stop();
  });

  it('locks the account at the caller\'s address on the 5th failure, even for the right password', async () => {
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await outcome(rpc, { login: bootstrapAdmin.username, password: testPassword('guess'), client: client('198.51.100.9') }));
    assert.deepEqual(guesses, [...Array.from({ length: 4 }, () => 'authentication_failed'), 'too_many_failed_login_attempts']);
    assert.equal(await outcome(rpc, { login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: client('198.51.100.9') }), 'too_many_failed_login_attempts');
    assert.equal(await outcome(rpc, { login: `${bootstrapAdmin.username}@tessera.local`, password: bootstrapAdmin.password, client: client('198.51.100.9') }), 'too_many_failed_login_attempts', 'the email is the same account');
    assert.equal(await outcome(rpc, { login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: client('203.0.113.20') }), 'logged in', 'another address is not locked');
  });
});

describe('token service: while Redis is away, logins are refused unless LOGIN_THROTTLE_WITHOUT_REDIS=allow', () => {
  let redis: PrivateServer;
  let platform: Platform;
  let rpc: TokenServiceTestClient;
  let open: TokenServiceTestClient;

  before(async () => {
    redis = await startPrivateServer('redis');
    platform = await startPlatform('login_fail_closed', { services: ['token-service'], env: { REDIS_URL: redis.address } });
    rpc = tokenServiceClient(platform.urls.tokenService, platform.serviceSecret);
    const port = await freePort();
    await platform.startAnother('token-service', { TOKEN_GRPC_ADDRESS: `127.0.0.1:${port}`, LOGIN_THROTTLE_WITHOUT_REDIS: 'allow' });
    await waitFor(async () => (await grpcHealthStatus(`127.0.0.1:${port}`)) === 'SERVING', { timeoutMs: 60_000, description: 'the instance that lets logins through' });
    open = tokenServiceClient(`127.0.0.1:${port}`, platform.serviceSecret);
  });

  after(async () => {
    rpc?.close();
    open?.close();
    await platform?.stop();
    await redis?.dispose();
  });

  it('refuses the right password as locked while failures cannot be counted, and logs in again once Redis is back', async () => {
    const admin = { login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: client('198.51.100.10') };
    assert.equal(await outcome(rpc, admin), 'logged in');

    await redis.stop();
    assert.equal(await outcome(rpc, admin), 'too_many_failed_login_attempts', 'the default fails closed');
    assert.equal(await outcome(rpc, { ...admin, password: testPassword('wrong') }), 'too_many_failed_login_attempts', 'and answers every attempt alike');
    assert.equal(await outcome(open, admin), 'logged in', 'the explicit opt-in lets it through, unthrottled');

    await redis.start();
    await waitFor(async () => (await outcome(rpc, admin)) === 'logged in', { timeoutMs: 30_000, description: 'logins counted again' });
  });
});
