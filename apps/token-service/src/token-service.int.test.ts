import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { LoginRequest } from '@tessera/contracts';
import { bootstrapAdmin, getInfrastructure, grpcHealthStatus, listGrpcServices, refusal, startupFailure, testPassword, waitFor, type Platform, type TokenServiceTestClient } from '@tessera/testing';
import pg from 'pg';
import { publishedMessages, tokenServiceFixture, type Published } from './testing/token-service-fixture.ts';

describe('token service, as a process on real PostgreSQL, Redis and Kafka', () => {
  const fixture = tokenServiceFixture('token');
  let platform: Platform;
  let rpc: TokenServiceTestClient;
  let published: Published[];
  let stopConsuming: () => Promise<void>;
  const wrongPassword = testPassword('wrong');

  before(async () => {
    ({ platform, rpc } = fixture);
    ({ messages: published, disconnect: stopConsuming } = await publishedMessages(platform, ['events']));
  });

  after(async () => {
    await stopConsuming?.();
  });

  const login = (request: LoginRequest) => rpc.call('AuthService', 'Login', request);
  const loginError = (request: LoginRequest) => refusal(login(request));

  it('reports SERVING through standard gRPC health checking, for the server and for its service', async () => {
    assert.equal(await grpcHealthStatus(platform.urls.tokenService), 'SERVING');
    assert.equal(await grpcHealthStatus(platform.urls.tokenService, 'tessera.v1.AuthService'), 'SERVING');
  });

  it('offers reflection, so grpcurl can explore it', async () => {
    assert.deepEqual(await listGrpcServices(platform.urls.tokenService), [
      'grpc.health.v1.Health',
      'tessera.v1.ApiKeyService',
      'tessera.v1.AuthService',
      'tessera.v1.TokenService',
      'tessera.v1.UserService',
      'tessera.v1.ValidationService',
    ]);
  });

  it('logs the bootstrap admin in by username in any case, and by email, with a well-formed token', async () => {
    const byName = await login({ login: bootstrapAdmin.username.toUpperCase(), password: bootstrapAdmin.password, client: { user_agent: 'cli|1.0', ip: '203.0.113.7' } });
    assert.match(byName.token!.token, /^tst_[0-9A-Za-z]{49}$/);
    assert.equal(byName.token!.masked, `${byName.token!.token.slice(0, 8)}***`);
    assert.equal(byName.token!.client_type, 'cli');
    assert.deepEqual(byName.user!.roles, ['admin']);
    const byEmail = await login({ login: `${bootstrapAdmin.username}@tessera.local`, password: bootstrapAdmin.password, client: null });
    assert.equal(byEmail.token!.client_type, 'unknown');
    assert.notEqual(byEmail.token!.token, byName.token!.token);
  });

  it('stores tokens only as digests', async () => {
    const issued = await login({ login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: null });
    const db = new pg.Client({ connectionString: platform.tokenDatabase.url });
    await db.connect();
    try {
      const { rows } = await db.query('select token_digest from tokens where token_id = $1', [issued.token!.id]);
      assert.match(rows[0].token_digest, /^[0-9a-f]{64}$/);
      const dump = JSON.stringify((await db.query('select * from events')).rows) + JSON.stringify((await db.query('select * from tokens')).rows);
      assert.ok(!dump.includes(issued.token!.token), 'the token itself is stored nowhere');
    } finally {
      await db.end();
    }
  });

  it('refuses a wrong password and an unknown user alike, with UNAUTHENTICATED', async () => {
    const wrong = await loginError({ login: bootstrapAdmin.username, password: wrongPassword, client: null });
    const unknown = await loginError({ login: 'nobody', password: wrongPassword, client: null });
    assert.equal(wrong.code, status.UNAUTHENTICATED);
    assert.equal(unknown.code, status.UNAUTHENTICATED);
    assert.equal(wrong.details, unknown.details);
  });

  it('answers malformed calls with INVALID_ARGUMENT naming the field', async () => {
    const empty = await loginError({ login: '', password: testPassword(), client: null });
    assert.equal(empty.code, status.INVALID_ARGUMENT);
    assert.match(empty.details, /^login /);
    const huge = await loginError({ login: 'admin', password: testPassword('too-long').padEnd(2000, 'x'), client: null });
    assert.equal(huge.code, status.INVALID_ARGUMENT);
    assert.match(huge.details, /^password /);
  });

  it('publishes every event to Kafka through the outbox: unique ids, schema version, trace context, and no secret', async () => {
    // Of its own: two logins of a single-token client (unknown), the second superseding the first, and two failures.
    for (let i = 0; i < 2; i++) await login({ login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: null });
    await loginError({ login: bootstrapAdmin.username, password: wrongPassword, client: null });
    await loginError({ login: 'nobody', password: wrongPassword, client: null });
    const kinds = ['LoginFailed', 'LoginSucceeded', 'TokenExpired', 'TokenIssued', 'UnknownLoginFailed', 'UserRegistered'];
    const types = () => new Set(published.map((p) => p.message.type));
    await waitFor(() => kinds.every((kind) => types().has(kind)), { timeoutMs: 20_000, description: `${kinds.join(', ')} on Kafka` });
    assert.deepEqual([...types()].sort(), kinds, 'the second login of a single-token client (unknown) supersedes the first; the unknown user\'s failure is recorded too');
    assert.equal(new Set(published.map((p) => p.message['event_id'])).size, published.length);
    for (const { raw, message: envelope } of published) {
      assert.equal(envelope['schema_version'], 1);
      assert.match(String((envelope['trace'] as Record<string, string>)['traceparent']), /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      for (const secret of [/tst_[0-9A-Za-z]{49}/, /\$argon2/, /password_hash/, /token_digest/, bootstrapAdmin.password, wrongPassword]) {
        assert.ok(typeof secret === 'string' ? !raw.includes(secret) : !secret.test(raw), `${envelope.type} carries no secret (${String(secret)})`);
      }
    }
    const issued = published.find((p) => p.message.type === 'TokenIssued')!.message.data;
    assert.match(String(issued['masked']), /^tst_[0-9A-Za-z]{4}\*\*\*$/);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exit = await platform.process('token-service').stop();
    assert.deepEqual(exit, { code: 0, signal: null, forced: false });
  });
});

describe('token service start-up with bad configuration', () => {
  const valid = {
    TOKEN_DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/x',
    REDIS_URL: 'redis://127.0.0.1:6380',
    KAFKA_BROKERS: '127.0.0.1:9092',
    TESSERA_SERVICE_SECRET: 'a-service-secret-of-at-least-32-characters',
    VALIDATION_CACHE_HMAC_KEY: 'a-cache-record-key-of-at-least-32-characters',
    TESSERA_DEV_MODE: 'true',
  };

  it('stops on an unparsable URL, naming the variable, without a stack trace', () => {
    const result = startupFailure('token-service', { ...valid, TOKEN_DATABASE_URL: 'postgres//nowhere' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /TOKEN_DATABASE_URL \(got "postgres\/\/nowhere"\): not a URL/);
    assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at /);
  });

  it('stops on a missing variable, naming it', () => {
    const { KAFKA_BROKERS: _missing, ...rest } = valid;
    const result = startupFailure('token-service', rest);
    assert.equal(result.status, 78);
    assert.match(result.stderr, /KAFKA_BROKERS is required but not set/);
  });

  it('stops without the key of its Redis entries, or with a short one, naming the variable but not the value', () => {
    const { VALIDATION_CACHE_HMAC_KEY: _missing, ...rest } = valid;
    assert.match(startupFailure('token-service', rest).stderr, /VALIDATION_CACHE_HMAC_KEY is required but not set/);
    const short = startupFailure('token-service', { ...valid, VALIDATION_CACHE_HMAC_KEY: 'short-cache-key' });
    assert.equal(short.status, 78);
    assert.match(short.stderr, /VALIDATION_CACHE_HMAC_KEY: must be at least 32 characters/);
    assert.doesNotMatch(short.stderr + short.stdout, /short-cache-key/);
  });

  it('stops when the broker cannot be reached, naming the setting', async () => {
    const { pgAdminUrl, redisUrl } = await getInfrastructure();
    const result = startupFailure('token-service', { ...valid, TOKEN_DATABASE_URL: pgAdminUrl, REDIS_URL: redisUrl, KAFKA_BROKERS: '127.0.0.1:1' });
    assert.equal(result.status, 69);
    assert.match(result.stderr, /KAFKA_BROKERS: cannot reach the Kafka broker \(127\.0\.0\.1:1\)/);
    assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at /);
  });

  it('refuses the published development defaults and clear text unless TESSERA_DEV_MODE=true', async () => {
    const published = {
      ...valid,
      TESSERA_SERVICE_SECRET: 'development-only-service-secret-change-me',
      TESSERA_BOOTSTRAP_ADMIN_USERNAME: 'admin',
      TESSERA_BOOTSTRAP_ADMIN_PASSWORD: 'tessera-dev-admin',
    };
    const { TESSERA_DEV_MODE: _development, ...production } = published;
    const refused = startupFailure('token-service', production);
    assert.equal(refused.status, 78);
    assert.match(refused.stderr, /TESSERA_SERVICE_SECRET is a development default published with Tessera: set a value of your own .*TESSERA_DEV_MODE=true/);
    assert.match(refused.stderr, /TESSERA_BOOTSTRAP_ADMIN_PASSWORD is a development default/);
    assert.match(refused.stderr, /TOKEN_GRPC_TLS_CERT and TOKEN_GRPC_TLS_KEY are not set, so the gRPC API would take passwords, tokens and the service secret in clear text/);
    assert.doesNotMatch(refused.stderr + refused.stdout, /development-only-service-secret-change-me|tessera-dev-admin/);

    // In development mode the same settings pass, and start-up goes on to its dependencies.
    const { pgAdminUrl, redisUrl } = await getInfrastructure();
    const development = startupFailure('token-service', { ...published, TOKEN_DATABASE_URL: pgAdminUrl, REDIS_URL: redisUrl, KAFKA_BROKERS: '127.0.0.1:1' });
    assert.equal(development.status, 69);
    assert.match(development.stderr, /KAFKA_BROKERS: cannot reach the Kafka broker/);
  });
});


