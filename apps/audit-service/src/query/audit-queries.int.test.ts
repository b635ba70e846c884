import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Pool } from '@tessera/postgres';
import { migratedTestDatabase, type MigratedTestDatabase } from '@tessera/testing';
import { auditQueries, type AuditQueries } from './audit-queries.ts';
import type { AuditLogSearch } from './audit-log.query.ts';

// The queries' SQL against PostgreSQL, with rows this file writes itself, so every expected number is written here.

const minuteMs = 60_000;

describe('the query API\'s queries, against PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let pool: Pool;
  let queries: AuditQueries;
  let offset = 0;

  before(async () => {
    database = await migratedTestDatabase('audit_queries', import.meta.dirname);
    pool = database.pool;
    queries = auditQueries(pool, () => Promise.reject(new Error('not asked here')));
  });

  after(async () => {
    await database?.drop();
  });

  beforeEach(() => pool.query('truncate audit_log, uses_per_minute, token_activity, dead_letters'));

  const logged = async (type: string, at: Date, data: Record<string, unknown> = {}, eventId: string = randomUUID()) => {
    await pool.query(
      `insert into audit_log (event_id, type, schema_version, stream_id, user_id, occurred_at, data, source_topic, source_partition, source_offset)
       values ($1, $2, 1, 'stream', $3, $4, $5, 'events', 0, $6)`,
      [eventId, type, data['user_id'] ?? null, at, data, offset++],
    );
    return eventId;
  };
  const used = (at: Date, clientType: string, uses: number) =>
    pool.query("insert into uses_per_minute (minute, client_type, uses) values (date_trunc('minute', $1::timestamptz), $2, $3)", [at, clientType, uses]);
  const credential = (tokenId: string, clientType: string, state: { expires?: Date; revoked?: Date }) =>
    pool.query(
      `insert into token_activity (token_id, user_id, credential, client_type, expires_at, revoked_at) values ($1, 'usr_a', 'token', $2, $3, $4)`,
      [tokenId, clientType, state.expires ?? null, state.revoked ?? null],
    );
  const truncated = (at: Date) => new Date(Math.floor(at.getTime() / minuteMs) * minuteMs).toISOString();

  it('sums the window by minute: logins, failures of known and unknown names, issues of tokens and API keys, revocations, uses', async () => {
    const now = Date.now();
    const tenAgo = new Date(now - 10 * minuteMs);
    const twentyAgo = new Date(now - 20 * minuteMs);
    const outside = new Date(now - 2 * 60 * minuteMs);
    await logged('LoginSucceeded', tenAgo);
    await logged('LoginSucceeded', tenAgo);
    await logged('LoginFailed', tenAgo);
    await logged('UnknownLoginFailed', twentyAgo);
    await logged('TokenIssued', twentyAgo);
    await logged('ApiKeyGenerated', twentyAgo);
    await logged('TokenRevoked', new Date(now - 5 * minuteMs));
    await logged('UserRegistered', tenAgo);
    await logged('LoginSucceeded', outside);
    await used(tenAgo, 'cli', 5);
    await used(tenAgo, 'qfield', 2);
    await used(outside, 'cli', 100);
    await pool.query("insert into dead_letters (source_topic, source_partition, source_offset, reason) values ('events', 0, 99, 'not JSON')");
    await credential('tok_active', 'cli', { expires: new Date(now + 60 * minuteMs) });
    await credential('tok_forever', 'worker', {});
    await credential('tok_expired', 'cli', { expires: new Date(now - minuteMs) });
    await credential('tok_revoked', 'qfield', { revoked: twentyAgo });

    const summary = await queries.summary({ hours: 1, bucket: 'minute' });
    assert.equal(summary.bucket, 'minute');
    assert.deepEqual(summary.totals, { validations: 7, logins: 2, failed_logins: 2, issued: 2, revoked: 1, dead_letters: 1 });
    const at = (time: Date) => summary.series.find((point) => point.at === truncated(time));
    assert.deepEqual(at(tenAgo), { at: truncated(tenAgo), validations: 7, logins: 2, failed_logins: 1, issued: 0, revoked: 0 });
    assert.deepEqual(at(twentyAgo), { at: truncated(twentyAgo), validations: 0, logins: 0, failed_logins: 1, issued: 2, revoked: 0 });
    assert.equal(summary.series.length, 61, 'an hour of minutes, and the one the window starts in');
    assert.deepEqual(summary.validations_by_client_type, [{ client_type: 'cli', uses: 5 }, { client_type: 'qfield', uses: 2 }]);
    assert.deepEqual(summary.active_tokens, { total: 2, by_client_type: [{ client_type: 'cli', count: 1 }, { client_type: 'worker', count: 1 }] });
  });

  it('searches the log newest first, filtered, and continues strictly after a place, ties broken by event id', async () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    const [low, high] = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    await logged('TokenIssued', at, { user_id: 'usr_a', token_id: 'tok_a', client_type: 'cli' }, low);
    await logged('TokenIssued', at, { user_id: 'usr_a', token_id: 'tok_b', client_type: 'sdk' }, high);
    const earlier = await logged('TokenRevoked', new Date('2026-03-01T09:00:00.000Z'), { user_id: 'usr_a', token_id: 'tok_a' });
    await logged('TokenIssued', new Date('2026-03-01T11:00:00.000Z'), { user_id: 'usr_b', token_id: 'tok_c', client_type: 'cli' });
    const search: AuditLogSearch = { userId: undefined, tokenId: undefined, type: undefined, clientType: undefined, from: undefined, to: undefined, after: undefined, limit: 10 };
    const ids = async (overrides: Partial<AuditLogSearch>) => (await queries.searchAuditLog({ ...search, ...overrides })).map((event) => event.event_id);

    assert.deepEqual(await ids({ userId: 'usr_a' }), [high, low, earlier]);
    assert.deepEqual(await ids({ userId: 'usr_a', after: { at, eventId: high } }), [low, earlier]);
    assert.deepEqual(await ids({ userId: 'usr_a', after: { at, eventId: low } }), [earlier]);
    assert.deepEqual(await ids({ tokenId: 'tok_a' }), [low, earlier]);
    assert.deepEqual(await ids({ userId: 'usr_a', type: 'TokenIssued', clientType: 'cli' }), [low]);
    assert.deepEqual(await ids({ from: at, to: new Date('2026-03-01T11:00:00.000Z') }), [high, low], 'from inclusive, to exclusive');
    assert.deepEqual(await ids({ userId: 'usr_a', limit: 1 }), [high]);
  });
});
