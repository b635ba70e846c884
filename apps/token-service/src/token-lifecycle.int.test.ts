import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import pg from 'pg';
import { decodeTokenServiceEvent, UsageEvent } from '@tessera/contracts';
import { Compile } from 'typebox/compile';
import { bootstrapAdmin, refusal, testPassword, testPasswordPattern, waitFor, type Platform, type TokenServiceTestClient } from '@tessera/testing';
import { anotherTokenService, publishedMessages, tokenServiceFixture, type Published } from './testing/token-service-fixture.ts';

describe('token service: the life of tokens, users and API keys', () => {
  const fixture = tokenServiceFixture('lifecycle', { env: { USAGE_FLUSH_MS: '200' } });
  let platform: Platform;
  let rpc: TokenServiceTestClient;
  let admin: string;
  let published: Published[];
  let stopConsuming: () => Promise<void>;
  const userPassword = testPassword('user');
  const newPassword = testPassword('new');

  const login = async (username: string, password: string, userAgent = 'sdk|test') =>
    (await rpc.call('AuthService', 'Login', { login: username, password, client: { user_agent: userAgent, ip: '198.51.100.4' } })).token!;
  const validate = (token: string) => rpc.call('ValidationService', 'Validate', { token, client: { user_agent: 'svc', ip: '10.0.0.1' } });
  const validateKey = (api_key: string, api_secret: string) => rpc.call('ValidationService', 'Validate', { api_key: { api_key, api_secret } });
  const createUser = async (username: string, roles: string[] = []) =>
    rpc.call('UserService', 'CreateUser', { username, email: `${username}@example.com`, password: userPassword, first_name: 'Test', last_name: username, roles }, { token: admin });

  before(async () => {
    ({ platform, rpc } = fixture);
    admin = (await login(bootstrapAdmin.username, bootstrapAdmin.password)).token;
    ({ messages: published, disconnect: stopConsuming } = await publishedMessages(platform, ['events', 'usage']));
  });

  after(async () => {
    await stopConsuming?.();
  });

  it('refuses calls without the service secret, and malformed credentials without a lookup', async () => {
    assert.equal((await refusal(rpc.call('ValidationService', 'Validate', { token: 'x' }, { serviceSecret: null }))).code, status.UNAUTHENTICATED);
    assert.equal((await refusal(rpc.call('ValidationService', 'Validate', { token: 'x' }, { serviceSecret: 'wrong'.repeat(8) }))).code, status.UNAUTHENTICATED);
    for (const token of ['', 'tst_short', `tst_${'a'.repeat(49)}`, 'Bearer nonsense']) {
      assert.deepEqual(await validate(token), { valid: false, code: 'MALFORMED', user: null, token: null, policy: '' }, token);
    }
  });

  it('issue -> validate -> revoke -> refused at once, with the reason recorded', async () => {
    const issued = await rpc.call('TokenService', 'IssueToken', { note: 'ci deploy', expires_in_seconds: '3600', policy: '' }, { token: admin });
    const token = issued.token!.token;
    const valid = await validate(token);
    assert.equal(valid.code, 'VALID');
    assert.equal(valid.user!.username, bootstrapAdmin.username);
    assert.equal(valid.token!.note, 'ci deploy');
    const revoked = await rpc.call('TokenService', 'RevokeToken', { token_id: issued.token!.id, reason: 'leaked in a log' }, { token: admin });
    assert.equal(revoked.valid, false);
    assert.equal(revoked.invalid_reason, 'leaked in a log');
    assert.ok(revoked.invalid_date);
    const after = await validate(token);
    assert.equal(after.valid, false);
    assert.equal(after.code, 'REVOKED');
  });

  it('Validate writes nothing to PostgreSQL: uses are counted in memory and leave as usage events', async () => {
    const issued = await rpc.call('TokenService', 'IssueToken', { note: 'hot path', expires_in_seconds: '3600', policy: '' }, { token: admin });
    const db = new pg.Client({ connectionString: platform.tokenDatabase.url });
    await db.connect();
    try {
      const state = async () => (await db.query('select (select count(*) from events) as events, (select max(global_position) from events) as position, (select row_to_json(t) from tokens t where token_id = $1) as token', [issued.token!.id])).rows[0];
      const before = await state();
      for (let i = 0; i < 20; i++) assert.equal((await validate(issued.token!.token)).code, 'VALID');
      assert.deepEqual(await state(), before);
    } finally {
      await db.end();
    }
    const uses = () =>
      published
        .filter((p) => p.message.type === 'CredentialUsed')
        .map((p) => p.message.data)
        .filter((data) => data['token_id'] === issued.token!.id)
        .reduce((sum, data) => sum + Number(data['count']), 0);
    await waitFor(() => uses() === 20, { timeoutMs: 10_000, description: 'usage events counting all 20 checks' });
  });

  it('refuses a revoked token at once on another instance that had it cached', async () => {
    const { rpc: other } = await anotherTokenService(platform);
    try {
      const issued = await rpc.call('TokenService', 'IssueToken', { note: 'two instances', expires_in_seconds: '3600', policy: '' }, { token: admin });
      assert.equal((await other.call('ValidationService', 'Validate', { token: issued.token!.token })).code, 'VALID');
      await rpc.call('TokenService', 'RevokeToken', { token_id: issued.token!.id, reason: 'rotated' }, { token: admin });
      assert.equal((await other.call('ValidationService', 'Validate', { token: issued.token!.token })).code, 'REVOKED');
    } finally {
      other.close();
    }
  });

  it('refuses an expired token as EXPIRED, from its expiry on', async () => {
    // Seconds, not one: the first check must not race the expiry on a loaded machine.
    const issued = await rpc.call('TokenService', 'IssueToken', { note: 'short', expires_in_seconds: '5', policy: '' }, { token: admin });
    const expiresAt = Date.parse(issued.token!.expires_at);
    assert.equal((await validate(issued.token!.token)).code, 'VALID');
    const refusedAt = await waitFor(async () => (await validate(issued.token!.token)).code === 'EXPIRED' && Date.now(), { timeoutMs: 20_000, description: 'the token to expire' });
    assert.ok(refusedAt >= expiresAt, `refused as expired ${expiresAt - refusedAt} ms before its expiry`);
  });

  it('a single-token client login expires the previous token of that client type; multi-token clients keep theirs', async () => {
    await createUser('fieldworker');
    const first = await login('fieldworker', userPassword, 'qfield|3.4.0|android');
    const second = await login('FieldWorker', userPassword, 'qfield|3.4.0|android');
    assert.equal((await validate(first.token)).code, 'EXPIRED');
    assert.equal((await validate(second.token)).code, 'VALID');
    const sdkA = await login('fieldworker', userPassword, 'sdk|py|0.30');
    const sdkB = await login('fieldworker', userPassword, 'sdk|py|0.30');
    assert.equal((await validate(sdkA.token)).code, 'VALID');
    assert.equal((await validate(sdkB.token)).code, 'VALID');
    assert.equal((await validate(second.token)).code, 'VALID', 'another client type is untouched');
  });

  it('concurrent single-token logins leave exactly one valid token', async () => {
    await createUser('racer');
    const tokens = await Promise.all(Array.from({ length: 4 }, () => login('racer', userPassword, 'qfield|3.4.0|ios')));
    const codes = await Promise.all(tokens.map((t) => validate(t.token).then((v) => v.code)));
    assert.equal(codes.filter((code) => code === 'VALID').length, 1, codes.join(', '));
  });

  it('logout: a multi-token client expires only its token; everywhere expires all', async () => {
    await createUser('commuter');
    const cliA = await login('commuter', userPassword, 'cli|1.0');
    const cliB = await login('commuter', userPassword, 'cli|1.0');
    assert.equal((await rpc.call('AuthService', 'Logout', { everywhere: false }, { token: cliA.token })).expired, 1);
    assert.equal((await validate(cliA.token)).code, 'EXPIRED');
    assert.equal((await validate(cliB.token)).code, 'VALID');
    const browser = await login('commuter', userPassword, 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0');
    assert.equal((await rpc.call('AuthService', 'Logout', { everywhere: true }, { token: cliB.token })).expired, 2);
    assert.equal((await validate(browser.token)).code, 'EXPIRED');
  });

  it('API key: generate -> validate key:secret -> regenerate -> the old secret is refused, the key stays', async () => {
    const user = await createUser('integration-bot');
    const first = await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: user.id }, { token: admin });
    assert.match(first.api_key, /^key_/);
    assert.equal((await validateKey(first.api_key, first.api_secret)).code, 'VALID');
    const second = await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: user.id }, { token: admin });
    assert.equal(second.api_key, first.api_key, 'the key never changes');
    assert.notEqual(second.api_secret, first.api_secret);
    assert.equal((await validateKey(first.api_key, first.api_secret)).code, 'NOT_FOUND');
    assert.equal((await validateKey(second.api_key, second.api_secret)).code, 'VALID');
    const userToken = (await login('integration-bot', userPassword)).token;
    const denied = await refusal(rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: user.id }, { token: userToken }));
    assert.equal(denied.code, status.PERMISSION_DENIED);
  });

  it('an API key calls as its user: an admin\'s key generates keys, a user\'s key may not, no key logs out', async () => {
    const adminUser = await rpc.call('ValidationService', 'Validate', { token: admin }, {});
    const adminKey = await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: adminUser.user!.id }, { token: admin });
    const bot = await createUser('keyed-bot');
    const asAdminKey = { apiKey: { key: adminKey.api_key, secret: adminKey.api_secret } };
    const botKey = await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: bot.id }, asAdminKey);
    assert.equal((await validateKey(botKey.api_key, botKey.api_secret)).code, 'VALID');

    const asBotKey = { apiKey: { key: botKey.api_key, secret: botKey.api_secret } };
    assert.equal((await refusal(rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: bot.id }, asBotKey))).code, status.PERMISSION_DENIED);
    assert.equal((await refusal(rpc.call('AuthService', 'Logout', { everywhere: false }, asBotKey))).code, status.PERMISSION_DENIED);
    const wrongSecret = { apiKey: { key: botKey.api_key, secret: adminKey.api_secret } };
    assert.equal((await refusal(rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: bot.id }, wrongSecret))).code, status.UNAUTHENTICATED);
  });

  it('deactivation revokes every token of the user and refuses its key at once; reactivation revives the key, no token', async () => {
    const user = await createUser('leaver');
    const token = (await login('leaver', userPassword)).token;
    const key = await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: user.id }, { token: admin });
    assert.equal((await validate(token)).code, 'VALID');
    await rpc.call('UserService', 'DeactivateUser', { user_id: user.id, reason: 'left the company' }, { token: admin });
    assert.equal((await validate(token)).code, 'USER_INACTIVE');
    assert.equal((await validateKey(key.api_key, key.api_secret)).code, 'USER_INACTIVE');
    assert.equal((await refusal(login('leaver', userPassword))).code, status.UNAUTHENTICATED);
    await rpc.call('UserService', 'ReactivateUser', { user_id: user.id }, { token: admin });
    assert.equal((await validate(token)).code, 'REVOKED');
    assert.equal((await validateKey(key.api_key, key.api_secret)).code, 'VALID');
    assert.equal((await validate((await login('leaver', userPassword)).token)).code, 'VALID');
  });

  it('a password change revokes the user\'s tokens', async () => {
    await createUser('rotator');
    const token = (await login('rotator', userPassword)).token;
    const wrong = await refusal(rpc.call('UserService', 'ChangePassword', { current_password: testPassword('wrong'), new_password: newPassword }, { token }));
    assert.equal(wrong.code, status.UNAUTHENTICATED);
    const changed = await rpc.call('UserService', 'ChangePassword', { current_password: userPassword, new_password: newPassword }, { token });
    assert.equal(changed.revoked_tokens, 1);
    assert.equal((await validate(token)).code, 'REVOKED');
    assert.equal((await validate((await login('rotator', newPassword)).token)).code, 'VALID');
  });

  it('admin calls need an admin; malformed calls get INVALID_ARGUMENT naming the field and store nothing', async () => {
    await createUser('plain');
    const plain = (await login('plain', userPassword)).token;
    const denied = await refusal(
      rpc.call('UserService', 'CreateUser', { username: 'x', email: 'x@example.com', password: userPassword, first_name: '', last_name: '', roles: [] }, { token: plain }),
    );
    assert.equal(denied.code, status.PERMISSION_DENIED);
    const badPolicy = await refusal(rpc.call('TokenService', 'IssueToken', { note: 'p', expires_in_seconds: '60', policy: '{"resources": {"*": {"allow": ["FETCH"]}}}' }, { token: admin }));
    assert.equal(badPolicy.code, status.INVALID_ARGUMENT);
    assert.match(badPolicy.details, /FETCH/);
    const badUser = await refusal(rpc.call('UserService', 'CreateUser', { username: 'has space', email: 'e@example.com', password: userPassword, first_name: '', last_name: '', roles: [] }, { token: admin }));
    assert.equal(badUser.code, status.INVALID_ARGUMENT);
    assert.match(badUser.details, /^username /);
    const db = new pg.Client({ connectionString: platform.tokenDatabase.url });
    await db.connect();
    try {
      assert.equal((await db.query("select 1 from users where username = 'has space'")).rowCount, 0);
    } finally {
      await db.end();
    }
  });

  it('a token with a policy cannot manage credentials; an admin changes its own password only with the current one', async () => {
    const limited = await rpc.call('TokenService', 'IssueToken', { note: 'read only', expires_in_seconds: '600', policy: '{"resources": {"*": {"allow": ["GET"]}}}' }, { token: admin });
    assert.equal((await validate(limited.token!.token)).policy, '{"resources":{"*":{"allow":["GET"],"block":[]}}}');
    const escalation = await refusal(rpc.call('TokenService', 'IssueToken', { note: 'escape', expires_in_seconds: '600', policy: '' }, { token: limited.token!.token }));
    assert.equal(escalation.code, status.PERMISSION_DENIED);
    assert.match(escalation.details, /policy/);
    await createUser('second-admin', ['admin']);
    const secondAdmin = (await login('second-admin', userPassword)).token;
    const takeover = await refusal(rpc.call('UserService', 'ChangePassword', { current_password: '', new_password: testPassword('taken-over') }, { token: secondAdmin }));
    assert.equal(takeover.code, status.UNAUTHENTICATED);
  });

  it('refuses control characters in any field with INVALID_ARGUMENT naming it', async () => {
    const refused = await refusal(rpc.call('TokenService', 'IssueToken', { note: 'nul\u0000byte', expires_in_seconds: '60', policy: '' }, { token: admin }));
    assert.equal(refused.code, status.INVALID_ARGUMENT);
    assert.equal(refused.details, 'note must not contain control characters');
    const inLogin = await refusal(rpc.call('AuthService', 'Login', { login: 'admin\u0000', password: testPassword(), client: { user_agent: 'cli|1', ip: '' } }));
    assert.equal(inLogin.code, status.INVALID_ARGUMENT);
  });

  it('a rebuilt projection equals the live one', async () => {
    // Rows of every kind, whatever ran before: a token superseded, tokens revoked, a live one, a regenerated API key.
    const user = await createUser('rebuilt');
    for (let i = 0; i < 2; i++) await login('rebuilt', userPassword, 'qfield|3.4.0|android');
    for (let i = 0; i < 2; i++) await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: user.id }, { token: admin });
    await rpc.call('UserService', 'DeactivateUser', { user_id: user.id, reason: 'rebuild' }, { token: admin });
    await rpc.call('UserService', 'ReactivateUser', { user_id: user.id }, { token: admin });
    await login('rebuilt', userPassword);
    const db = new pg.Client({ connectionString: platform.tokenDatabase.url });
    await db.connect();
    const snapshot = async () => ({
      users: (await db.query('select * from users order by user_id')).rows,
      tokens: (await db.query('select * from tokens order by token_id')).rows,
      api_keys: (await db.query('select * from api_keys order by api_key')).rows,
    });
    try {
      const live = await snapshot();
      assert.equal(live.tokens.filter((token) => token.user_id === user.id).length, 3);
      assert.equal(live.api_keys.filter((key) => key.user_id === user.id).length, 1);
      const { rebuildProjections } = await import('./projections/rebuild-projections.ts');
      const { createPool } = await import('@tessera/postgres');
      const pool = createPool(platform.tokenDatabase.url, { applicationName: 'rebuild-test' });
      try {
        await rebuildProjections(pool);
      } finally {
        await pool.end();
      }
      assert.deepEqual(await snapshot(), live);
    } finally {
      await db.end();
    }
  });

  it('publishes events of every kind, and usage, with the expected schema and no secret', async () => {
    const user = await createUser('announcer');
    const session = await login('announcer', userPassword);
    assert.equal((await validate(session.token)).code, 'VALID');
    await rpc.call('AuthService', 'Logout', { everywhere: false }, { token: session.token });
    assert.equal((await refusal(login('announcer', testPassword('wrong')))).code, status.UNAUTHENTICATED);
    assert.equal((await refusal(login('no-such-name', testPassword('unknown')))).code, status.UNAUTHENTICATED);
    const issued = await rpc.call('TokenService', 'IssueToken', { note: 'to revoke', expires_in_seconds: '3600', policy: '' }, { token: admin });
    await rpc.call('TokenService', 'RevokeToken', { token_id: issued.token!.id, reason: 'announced' }, { token: admin });
    const changing = await login('announcer', userPassword);
    await rpc.call('UserService', 'ChangePassword', { current_password: userPassword, new_password: newPassword }, { token: changing.token });
    for (let i = 0; i < 2; i++) await rpc.call('ApiKeyService', 'GenerateApiKey', { user_id: user.id }, { token: admin });
    await rpc.call('UserService', 'DeactivateUser', { user_id: user.id, reason: 'announced' }, { token: admin });
    await rpc.call('UserService', 'ReactivateUser', { user_id: user.id }, { token: admin });
    const kinds = [
      'UserRegistered', 'UserDeactivated', 'UserReactivated', 'PasswordChanged', 'LoginSucceeded', 'LoginFailed', 'UnknownLoginFailed',
      'TokenIssued', 'TokenRevoked', 'TokenExpired', 'ApiKeyGenerated', 'ApiSecretRegenerated', 'CredentialUsed',
    ];
    const seen = () => new Set(published.map((p) => p.message.type));
    await waitFor(() => kinds.every((kind) => seen().has(kind)), {
      timeoutMs: 20_000,
      description: `every kind of event on Kafka (seen: ${[...seen()].join(', ')})`,
    });
    for (const { raw, message: { type } } of published) {
      for (const secret of [/tst_[0-9A-Za-z]{49}/, /\$argon2/, /password_hash/, /token_digest/, /secret_digest/, testPasswordPattern, bootstrapAdmin.password, 'no-such-name']) {
        assert.ok(typeof secret === 'string' ? !raw.includes(secret) : !secret.test(raw), `${type} carries no secret (${String(secret)})`);
      }
    }
    const usageSchema = Compile(UsageEvent);
    for (const { raw, message: { type } } of published) {
      if (type === 'CredentialUsed') {
        const usage = JSON.parse(raw);
        assert.ok(usageSchema.Check(usage), `usage matches its schema: ${raw}`);
        assert.ok(usage.data.first_used_at <= usage.data.last_used_at);
      } else {
        const decoded = decodeTokenServiceEvent(raw);
        assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
        assert.match(decoded.event.trace.traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/, `${type} carries the W3C trace context`);
      }
    }
  });
});
