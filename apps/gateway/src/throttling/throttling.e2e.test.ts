import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Redis } from 'ioredis';
import { bootstrapAdmin, gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';

type Answer = { status: number; body: unknown; challenge: string | null };

/**
 * A login through the gateway's QFieldCloud route. `from` is the client's own address: every address in 127.0.0.0/8
 * reaches the gateway on 127.0.0.1, so one machine can be several clients.
 */
const post = (url: string, body: string, headers: Record<string, string>, from = '127.0.0.1') =>
  new Promise<{ status: number; text: string; challenge: string | null }>((resolve, reject) => {
    const sent = request(url, { method: 'POST', localAddress: from, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode!, text: Buffer.concat(chunks).toString(), challenge: response.headers['www-authenticate'] ?? null }),
      );
    });
    sent.on('error', reject);
    sent.end(body);
  });

const login = async (gateway: string, username: string, password: string, options: { from?: string; userAgent?: string } = {}): Promise<Answer> => {
  const headers = { 'content-type': 'application/json', ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }) };
  const answer = await post(`${gateway}/api/v1/auth/login/`, JSON.stringify({ username, password }), headers, options.from);
  // Only the shape of a success matters here: the token differs every time.
  return { status: answer.status, body: answer.status === 200 ? 'logged in' : JSON.parse(answer.text), challenge: answer.challenge };
};

const tokenapiLogin = async (gateway: string, username: string, password: string) =>
  JSON.parse((await post(`${gateway}/token/new.json`, new URLSearchParams({ username, password }).toString(), { 'content-type': 'application/x-www-form-urlencoded' })).text);

const failed = { status: 401, body: { code: 'authentication_failed', message: 'Unable to log in with provided credentials.' }, challenge: 'Token' };
const locked = { status: 401, body: { code: 'too_many_failed_login_attempts', message: 'Too many failed login attempts!' }, challenge: 'Token' };
const loggedIn = { status: 200, body: 'logged in', challenge: null };

describe('gateway: failed logins counted per account and per (account, address), in Redis', () => {
  let platform: Platform;
  let redis: Redis;
  // Signed in before any test locks the admin out, so each test can make its users whatever the others did.
  let adminToken: string;
  const attempts = (username: string, password: string, times: number, from?: string) =>
    Array.from({ length: times }).reduce<Promise<Answer[]>>(
      async (done, _) => [...(await done), await login(platform.urls.gateway, username, password, from === undefined ? {} : { from })],
      Promise.resolve([]),
    );
  const createUser = async (username: string) => {
    const password = testPassword(username);
    const email = `${username}@example.com`;
    const created = await fetch(`${platform.urls.gateway}/api/v1/admin/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${adminToken}` },
      body: JSON.stringify({ username, email, password }),
    });
    assert.equal(created.status, 201);
    return { username, email, password };
  };

  before(async () => {
    // The limits named, so the test reads as what it checks: 5 per address (QFieldCloud's), 20 per account.
    const env = { LOGIN_MAX_FAILURES: '5', LOGIN_ACCOUNT_MAX_FAILURES: '20', LOGIN_LOCKOUT_MINUTES: '30' };
    platform = await startPlatform('gateway_throttle', { services: ['token-service', 'gateway'], env });
    redis = new Redis(platform.env['REDIS_URL']!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    // A cli token: the tests' own admin logins (client type unknown, one token each) do not supersede it.
    adminToken = await gatewayLogin(platform.urls.gateway, { userAgent: 'cli|1' });
  });

  after(async () => {
    redis?.disconnect();
    await platform?.stop();
  });

  it('locks an account at its address on the 5th failure, for 30 minutes, refusing even the right password', async () => {
    const countKeys = () => redis.keys(`${platform.prefix}:login-failures:*`);
    const countedBefore = new Set(await countKeys());
    assert.deepEqual(await attempts(bootstrapAdmin.username, testPassword('wrong'), 5), [failed, failed, failed, failed, locked]);
    assert.deepEqual(await login(platform.urls.gateway, bootstrapAdmin.username, bootstrapAdmin.password), locked);
    assert.deepEqual(await login(platform.urls.gateway, 'ADMIN', bootstrapAdmin.password), locked, 'usernames are counted in any case');

    // The admin's two counts, the address's and the account's, and the list of its address counts an admin lifts.
    const counts = (await countKeys()).filter((key) => !countedBefore.has(key));
    assert.equal(counts.length, 3);
    for (const key of counts) {
      const ttl = await redis.ttl(key);
      assert.ok(ttl > 29 * 60 && ttl <= 30 * 60, `the lock lasts 30 minutes (ttl ${ttl}s)`);
    }

    const tokenapi = await tokenapiLogin(platform.urls.gateway, bootstrapAdmin.username, bootstrapAdmin.password);
    assert.deepEqual(tokenapi, { success: false, errors: 'Too many failed login attempts!' }, "django-tokenapi's route shares the lock");

    await redis.del(...counts); // the lock running out
    assert.deepEqual(await login(platform.urls.gateway, bootstrapAdmin.username, bootstrapAdmin.password), loggedIn);
  });

  it('a success resets the count', async () => {
    const { username, password } = await createUser('forgetful');
    assert.deepEqual(await attempts(username, testPassword('wrong'), 4), [failed, failed, failed, failed]);
    assert.deepEqual(await login(platform.urls.gateway, username, password), loggedIn);
    assert.deepEqual(await attempts(username, testPassword('wrong'), 4), [failed, failed, failed, failed], 'counting starts again');
    assert.deepEqual(await login(platform.urls.gateway, username, password), loggedIn);
  });

  it('an honest burst always succeeds: only failures count', async () => {
    // A fleet of workers starting together, each logging in with the SDK.
    const { username, password } = await createUser('fleet');
    const answers = await Promise.all(Array.from({ length: 16 }, () => login(platform.urls.gateway, username, password, { userAgent: 'sdk|py|0.9.0' })));
    assert.deepEqual(answers, Array.from({ length: 16 }, () => loggedIn));
  });

  it('parallel guesses cannot overtake the count: five are checked, the rest are locked out', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(platform.urls.gateway, 'parallel-target', testPassword('guess'))));
    assert.equal(answers.filter((answer) => JSON.stringify(answer) === JSON.stringify(failed)).length, 4);
    assert.equal(answers.filter((answer) => JSON.stringify(answer) === JSON.stringify(locked)).length, 8);
  });

  it('a username, its email and django-tokenapi\'s route share one count', async () => {
    const user = await createUser('two-names');
    const wrong = testPassword('wrong');
    assert.deepEqual(await attempts(user.username, wrong, 2), [failed, failed]);
    assert.deepEqual(await attempts(user.email.toUpperCase(), wrong, 2), [failed, failed]);
    assert.deepEqual(await tokenapiLogin(platform.urls.gateway, user.username, wrong), { success: false, errors: 'Too many failed login attempts!' }, 'the 5th failure');
    assert.deepEqual(await login(platform.urls.gateway, user.email, user.password), locked);
    assert.deepEqual(await login(platform.urls.gateway, user.username, user.password), locked);
  });

  it('an attacker at one address locks the victim out there only; the account locks everywhere at its own, higher limit', async () => {
    const victim = await createUser('victim');
    const wrong = testPassword('wrong');
    const home = '127.0.0.3';
    assert.deepEqual(await attempts(victim.username, wrong, 8, '127.0.0.2'), [failed, failed, failed, failed, locked, locked, locked, locked]);
    assert.deepEqual(await login(platform.urls.gateway, victim.username, victim.password, { from: '127.0.0.2' }), locked, 'the attacker\'s address is locked');
    assert.deepEqual(await login(platform.urls.gateway, victim.username, victim.password, { from: home }), loggedIn, 'the victim logs in from elsewhere');

    // A locked address adds nothing to the account's count: reaching 20 takes failures from at least four addresses.
    for (const attacker of ['127.0.0.4', '127.0.0.5']) assert.deepEqual(await attempts(victim.username, wrong, 5, attacker), [failed, failed, failed, failed, locked]);
    assert.deepEqual(await attempts(victim.username, wrong, 4, '127.0.0.6'), [failed, failed, failed, failed]);
    assert.deepEqual(await login(platform.urls.gateway, victim.username, victim.password, { from: home }), loggedIn, '19 failures do not lock the account');
    assert.deepEqual(await login(platform.urls.gateway, victim.username, wrong, { from: '127.0.0.8' }), locked, "the 20th failure locks the account, at an address's first");
    assert.deepEqual(await login(platform.urls.gateway, victim.username, victim.password, { from: home }), locked, 'now at home too');
    assert.deepEqual(await login(platform.urls.gateway, victim.username, victim.password, { from: '127.0.0.7' }), locked, 'and anywhere');
  });

  it('an unknown account is counted and answered exactly like a known one', async () => {
    const { username } = await createUser('known-account');
    const known = await attempts(username, testPassword('wrong'), 6);
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
