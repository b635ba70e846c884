import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { tokenTopicPartitions, tokenTopics } from '@tessera/contracts';
import { createKafkaClient, type MessageProducer } from '@tessera/messaging';
import { createPool, type Pool } from '@tessera/postgres';
import { createLogger } from '@tessera/telemetry';
import { getInfrastructure, startPlatform, startupFailure, waitFor, type Platform } from '@tessera/testing';
import { lockProjectionTables } from './projections/projection-lock.ts';
import { envelope, usageEvent } from './testing/audit-workload.ts';

// Short, so the test of a stuck batch need not wait long; a healthy consumer hears from a broker every second.
const stalledAfterSeconds = 3;

describe('audit service, as a process consuming the real broker', () => {
  let platform: Platform;
  let producer: MessageProducer;
  let db: pg.Client;
  let pool: Pool;
  let topic: string;

  before(async () => {
    platform = await startPlatform('audit', { services: ['audit-service'], env: { AUDIT_CONSUMER_STALLED_AFTER_SECONDS: String(stalledAfterSeconds) } });
    const { kafkaBrokers } = await getInfrastructure();
    const kafka = createKafkaClient({ clientId: 'audit-test', brokers: kafkaBrokers, logger: createLogger('test', 'warn') });
    topic = tokenTopics(platform.prefix).events;
    await kafka.ensureTopics([{ name: topic, partitions: tokenTopicPartitions }]);
    producer = await kafka.createProducer();
    db = new pg.Client({ connectionString: platform.auditDatabase.url });
    await db.connect();
    pool = createPool(platform.auditDatabase.url, { applicationName: 'audit-test' });
  });

  after(async () => {
    await db?.end();
    await pool?.end();
    await producer?.disconnect();
    await platform?.stop();
  });

  const count = async (sql: string, params: unknown[]) => Number((await db.query(sql, params)).rows[0].n);

  const readiness = async () => {
    const response = await fetch(`${platform.urls.audit}/readyz`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('is ready once its database answers and its consumer consumes', async () => {
    assert.deepEqual(await readiness(), { status: 200, body: { status: 'ready', checks: { postgres: 'ok', consumer: 'ok' } } });
  });

  it('projects an event into the audit log, once, however often it is delivered', async () => {
    const event = envelope('UserRegistered', registration('usr_audit1', 'ada'));
    await producer.send(topic, [{ key: 'usr_audit1', value: JSON.stringify(event) }]);
    await producer.send(topic, [{ key: 'usr_audit1', value: JSON.stringify(event) }]);
    const marker = envelope('LoginFailed', { ...attempt('usr_audit1'), reason: 'wrong_password' });
    await producer.send(topic, [{ key: 'usr_audit1', value: JSON.stringify(marker) }]);
    await waitFor(async () => (await count('select count(*) as n from audit_log where event_id = $1', [marker.event_id])) === 1, {
      description: 'the marker event in the audit log',
    });
    assert.equal(await count('select count(*) as n from audit_log where event_id = $1', [event.event_id]), 1);
    const { rows } = await db.query('select type, user_id, trace_id from audit_log where event_id = $1', [event.event_id]);
    assert.deepEqual(rows[0], { type: 'UserRegistered', user_id: 'usr_audit1', trace_id: '0af7651916cd43dd8448eb211c80319c' });
  });

  it('records a malformed message, an unknown type and a wrong schema as dead letters with the reason, and goes on', async () => {
    const good = envelope('UserRegistered', registration('usr_audit2', 'grace'));
    await producer.send(topic, [
      { key: 'usr_audit2', value: '{"not": "an envelope"}' },
      { key: 'usr_audit2', value: 'not json at all' },
      { key: 'usr_audit2', value: JSON.stringify(envelope('UserTeleported', { user_id: 'usr_audit2' })) },
      { key: 'usr_audit2', value: JSON.stringify(envelope('UserRegistered', { user_id: 'usr_audit2', password_hash: '$argon2id$' })) },
      { key: 'usr_audit2', value: JSON.stringify(good) },
    ]);
    await waitFor(async () => (await count('select count(*) as n from audit_log where event_id = $1', [good.event_id])) === 1, {
      description: 'the good event after the malformed ones',
    });
    const { rows } = await db.query("select reason from dead_letters where message_key = 'usr_audit2' order by source_offset");
    assert.equal(rows.length, 4);
    assert.match(rows[0].reason, /^not an event envelope: /);
    assert.equal(rows[1].reason, 'not JSON');
    assert.equal(rows[2].reason, 'unknown event type "UserTeleported"');
    assert.match(rows[3].reason, /^UserRegistered data does not match its schema: /);
  });

  it('projects a credential\'s life into its activity, and failed logins by user and IP', async () => {
    const issued = envelope('TokenIssued', {
      token_id: 'tok_life1', user_id: 'usr_life', client_type: 'cli', user_agent: 'cli|1', note: 'deploys', masked: 'tst_abcd***', policy: null,
      created_at: '2026-01-01T00:00:00.000Z', expires_at: '2026-02-01T00:00:00.000Z',
    });
    const revoked = envelope('TokenRevoked', { token_id: 'tok_life1', user_id: 'usr_life', reason: 'leaked in a log', at: '2026-01-02T00:00:00.000Z' });
    const key = envelope('ApiKeyGenerated', { api_key: 'key_life', user_id: 'usr_life', masked_secret: 'tst_wxyz***', at: '2026-01-03T00:00:00.000Z' });
    const failed = envelope('LoginFailed', { ...attempt('usr_life'), reason: 'wrong_password' });
    const unknown = envelope('UnknownLoginFailed', { client_type: 'sdk', user_agent: 'sdk|x', ip: '203.0.113.9', at: '2026-01-04T00:00:00.000Z' });
    for (const event of [issued, revoked, revoked, key, failed, unknown]) await producer.send(topic, [{ key: 'usr_life', value: JSON.stringify(event) }]);
    await waitFor(async () => (await count('select count(*) as n from failed_logins where event_id = $1', [unknown.event_id])) === 1, {
      description: 'the unknown name\'s failed login projected',
    });
    const { rows } = await db.query(
      "select token_id, credential, client_type, note, issued_at, expires_at, revoked_at, revoked_reason, use_count from token_activity where user_id = 'usr_life' order by token_id",
    );
    assert.deepEqual(rows, [
      { token_id: 'key_life', credential: 'api_key', client_type: 'worker', note: 'API key', issued_at: new Date('2026-01-03T00:00:00.000Z'), expires_at: null, revoked_at: null, revoked_reason: null, use_count: '0' },
      {
        token_id: 'tok_life1', credential: 'token', client_type: 'cli', note: 'deploys', issued_at: new Date('2026-01-01T00:00:00.000Z'),
        expires_at: new Date('2026-02-01T00:00:00.000Z'), revoked_at: new Date('2026-01-02T00:00:00.000Z'), revoked_reason: 'leaked in a log', use_count: '0',
      },
    ]);
    const logins = await db.query('select user_id, ip, reason from failed_logins where event_id = any($1) order by at', [[failed.event_id, unknown.event_id]]);
    assert.deepEqual(logins.rows, [
      { user_id: 'usr_life', ip: '198.51.100.7', reason: 'wrong_password' },
      { user_id: null, ip: '203.0.113.9', reason: 'unknown_login' },
    ]);
  });

  it('projects usage into token activity: counts add up once per event, last_used_at only moves forward', async () => {
    const usage = tokenTopics(platform.prefix).usage;
    const earlier = usageEvent('tok_activity1', 'usr_activity', 3, '2026-01-01T10:00:00.000Z', '10.0.0.1');
    const later = usageEvent('tok_activity1', 'usr_activity', 2, '2026-01-01T10:00:05.000Z', '10.0.0.2');
    // Out of order, and the later one sent twice (a producer's retry): 3 + 2 uses, last seen from 10.0.0.2.
    await producer.send(usage, [{ key: 'usr_activity', value: JSON.stringify(later) }]);
    await producer.send(usage, [{ key: 'usr_activity', value: JSON.stringify(earlier) }, { key: 'usr_activity', value: JSON.stringify(later) }]);
    await producer.send(usage, [{ key: 'usr_activity', value: '{"type": "CredentialUsed"}' }]);
    const marker = usageEvent('tok_activity2', 'usr_activity', 1, '2026-01-01T11:00:00.000Z', '10.0.0.3');
    await producer.send(usage, [{ key: 'usr_activity', value: JSON.stringify(marker) }]);

    const activity = async (ids: string[], secret = platform.serviceSecret) => {
      const query = ids.map((id) => `token_id=${id}`).join('&');
      return fetch(`${platform.urls.audit}/api/v1/activity/tokens?${query}`, { headers: { 'x-tessera-service-secret': secret } });
    };
    await waitFor(async () => ((await (await activity(['tok_activity2'])).json()) as { tokens: unknown[] }).tokens.length === 1, {
      description: 'the marker usage projected',
    });
    const body = (await (await activity(['tok_activity1', 'tok_never_used'])).json()) as { tokens: Array<Record<string, unknown>> };
    assert.deepEqual(body.tokens, [
      {
        token_id: 'tok_activity1', user_id: 'usr_activity', credential: 'token', client_type: 'cli', note: null, issued_at: null, expires_at: null,
        revoked_at: null, revoked_reason: null, use_count: 5, first_used_at: '2026-01-01T09:59:59.100Z', last_used_at: '2026-01-01T10:00:05.000Z', last_ip: '10.0.0.2', last_user_agent: 'cli|test',
      },
    ]);
    assert.equal(await count("select count(*) as n from dead_letters where reason like 'not a usage event%'", []), 1);
    assert.equal(await count("select sum(uses) as n from uses_per_minute where minute = '2026-01-01T10:00:00Z' and client_type = 'cli'", []), 5);

    assert.equal((await activity(['tok_activity1'], 'not-the-service-secret')).status, 401);
    assert.equal((await activity(["tok' OR 1=1 --"])).status, 400);
  });

  it('is not ready while a batch is stuck, and ready again once it is applied', async () => {
    // Held the way a rebuild's swap holds the live batches: the next batch waits for the lock inside its transaction.
    const holder = await pool.connect();
    const event = envelope('UserRegistered', registration('usr_stuck', 'stuck'));
    try {
      await holder.query('begin');
      await lockProjectionTables(holder);
      await producer.send(topic, [{ key: 'usr_stuck', value: JSON.stringify(event) }]);
      const stuck = await waitFor(async () => ((await readiness()).status === 503 ? readiness() : undefined), {
        description: 'the stuck batch seen by /readyz', timeoutMs: 30_000,
      });
      assert.deepEqual(stuck.body, { status: 'not_ready', checks: { postgres: 'ok', consumer: 'unavailable' } });
      assert.equal(await count('select count(*) as n from audit_log where event_id = $1', [event.event_id]), 0);
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    await waitFor(async () => (await readiness()).status === 200, { description: 'ready again', timeoutMs: 30_000 });
    assert.equal(await count('select count(*) as n from audit_log where event_id = $1', [event.event_id]), 1);
  });

  it('stops cleanly on SIGTERM', async () => {
    assert.deepEqual(await platform.process('audit-service').stop(), { code: 0, signal: null, forced: false });
  });
});

describe('audit service start-up with bad configuration', () => {
  it('stops on an unparsable URL, naming the variable', () => {
    const result = startupFailure('audit-service', { AUDIT_DATABASE_URL: 'http://wrong-kind', KAFKA_BROKERS: '127.0.0.1:9092', AUDIT_HTTP_ADDRESS: 'localhost' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /AUDIT_DATABASE_URL \(got "http:\/\/wrong-kind"\): expected a postgres: or postgresql: URL/);
    assert.match(result.stderr, /AUDIT_HTTP_ADDRESS \(got "localhost"\): expected host:port/);
  });
});

function registration(userId: string, username: string) {
  return { user_id: userId, username, email: `${username}@example.com`, first_name: '', last_name: '', roles: ['user'], registered_at: '2026-01-01T00:00:00.000Z' };
}

function attempt(userId: string) {
  return { user_id: userId, client_type: 'cli', user_agent: 'cli|1', ip: '198.51.100.7', at: '2026-01-01T12:00:00.000Z' };
}
