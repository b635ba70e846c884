import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { bootstrapAdmin, gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';

type Answer = { status: number; body: unknown; challenge: string | null };

const login = async (gateway: string, username: string, password: string): Promise<Answer> => {
  const response = await fetch(`${gateway}/api/v1/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  // Only the shape of a success matters here: the token differs every time.
  return { status: response.status, body: response.ok ? 'logged in' : body, challenge: response.headers.get('www-authenticate') };
};

const failed = { status: 401, body: { code: 'authentication_failed', message: 'Unable to log in with provided credentials.' }, challenge: 'Token' };
const locked = { status: 401, body: { code: 'too_many_failed_login_attempts', message: 'Too many failed login attempts!' }, challenge: 'Token' };
const loggedIn = { status: 200, body: 'logged in', challenge: null };

describe('gateway: login throttling in Redis', () => {
  let platform: Platform;
  let redis: Redis;
  const attempts = (username: string, password: string, times: number) =>
    Array.from({ length: times }).reduce<Promise<Answer[]>>(async (done, _) => [...(await done), await login(platform.urls.gateway, username, password)], Promise.resolve([]));

  before(async () => {
    platform = await startPlatform('gateway_throttle', { services: ['token-service', 'gateway'], env: { LOGIN_LOCKOUT_MINUTES: '30' } });
    redis = new Redis(platform.env['REDIS_URL']!, { keyPrefix: platform.env['REDIS_KEY_PREFIX'], lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });

  after(async () => {
    redis?.disconnect();
    await platform?.stop();
  });

  it('locks an account on its 5th failure, for 30 minutes, refusing even the right password', async () => {
    assert.deepEqual(await attempts(bootstrapAdmin.username, testPassword('wrong'), 5), [failed, failed, failed, failed, locked]);
    assert.deepEqual(await login(platform.urls.gateway, bootstrapAdmin.username, bootstrapAdmin.password), locked);
    assert.deepEqual(await login(platform.urls.gateway, 'ADMIN', bootstrapAdmin.password), locked, 'usernames are counted in any case');

    const key = `login-failures:${createHash('sha256').update(bootstrapAdmin.username).digest('hex')}`;
    const ttl = await redis.ttl(key);
    assert.ok(ttl > 29 * 60 && ttl <= 30 * 60, `the lock lasts 30 minutes (ttl ${ttl}s)`);

    const tokenapi = await fetch(`${platform.urls.gateway}/token/new.json`, {
      method: 'POST',
      body: new URLSearchParams({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    assert.deepEqual(await tokenapi.json(), { success: false, errors: 'Too many failed login attempts!' }, 'django-tokenapi\'s route shares the lock');

    await redis.del(key); // the lock running out
    assert.deepEqual(await login(platform.urls.gateway, bootstrapAdmin.username, bootstrapAdmin.password), loggedIn);
  });

  it('a success resets the count', async () => {
    const username = 'forgetful';
    const password = testPassword(username);
    const admin = await gatewayLogin(platform.urls.gateway);
    const created = await fetch(`${platform.urls.gateway}/api/v1/admin/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${admin}` },
      body: JSON.stringify({ username, email: `${username}@example.com`, password }),
    });
    assert.equal(created.status, 201);

    assert.deepEqual(await attempts(username, testPassword('wrong'), 4), [failed, failed, failed, failed]);
    assert.deepEqual(await login(platform.urls.gateway, username, password), loggedIn);
    assert.deepEqual(await attempts(username, testPassword('wrong'), 4), [failed, failed, failed, failed], 'counting starts again');
    assert.deepEqual(await login(platform.urls.gateway, username, password), loggedIn);
  });

  it('parallel guesses cannot overtake the count: five are checked, the rest are locked out', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(platform.urls.gateway, 'parallel-target', testPassword('guess'))));
    assert.equal(answers.filter((answer) => JSON.stringify(answer) === JSON.stringify(failed)).length, 4);
    assert.equal(answers.filter((answer) => JSON.stringify(answer) === JSON.stringify(locked)).length, 8);
  });

  it('an unknown account is counted and answered exactly like a known one', async () => {
    const known = await attempts('forgetful', testPassword('wrong'), 6);
    const unknown = await attempts('no-such-user', testPassword('wrong'), 6);
    assert.deepEqual(unknown, known);
    assert.deepEqual(unknown, [failed, failed, failed, failed, locked, locked]);
  });
});

describe('gateway: rate limits per client IP', () => {
  let platform: Platform;

  before(async () => {
    platform = await startPlatform('gateway_rate', {
      services: ['token-service', 'gateway'],
      env: { GATEWAY_RATE_LIMIT_PER_MINUTE: '20', GATEWAY_LOGIN_RATE_LIMIT_PER_MINUTE: '3' },
    });
  });

  after(async () => {
    await platform?.stop();
  });

  it('login routes have a tighter budget, answered 429 throttled with Retry-After', async () => {
    for (let i = 0; i < 3; i++) assert.deepEqual(await login(platform.urls.gateway, bootstrapAdmin.username, bootstrapAdmin.password), loggedIn);
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    assert.equal(response.status, 429);
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(body.code, 'throttled');
    assert.match(body.message, /^Request was throttled\. Expected available in \d+ seconds\.$/);
  });

  it('every route shares the per-IP budget; health probes are not counted', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await fetch(`${platform.urls.gateway}/healthz`)).status, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await fetch(`${platform.urls.gateway}/api/v1/auth/providers/`)).status);
    // The login test above spent some of the 20.
    assert.ok(statuses.includes(200) && statuses.at(-1) === 429, statuses.join(','));
    assert.ok(statuses.indexOf(429) <= 20, 'no more than 20 requests a minute');
  });
});
