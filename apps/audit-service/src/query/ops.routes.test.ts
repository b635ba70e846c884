import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TokenServiceUnavailable } from '@tessera/token-service-client';
import { fakeQueries, fakeTokenService, queryApiServer } from '../testing/query-api.ts';
import type { AuditQueries } from './audit-queries.ts';
import { KafkaUnavailable } from './consumer-lag.query.ts';
import { opsRoutes } from './ops.routes.ts';

const eventId = '0b9c6f5e-6a3d-4c8e-9f10-2a4b6c8d0e1f';
const otherId = 'f1e0d8c6-b4a2-401f-8e9c-3d6a5e6f9c0b';
const event = (id: string, at: string) => ({ event_id: id, type: 'TokenIssued', user_id: 'usr_a', actor: null, client_type: 'cli', occurred_at: at, trace_id: null, data: {} });

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function opsApi(answers: Partial<AuditQueries> = {}, away?: Error) {
  const app = queryApiServer();
  const queries = fakeQueries(answers);
  await app.register(opsRoutes, { queries, tokenService: fakeTokenService(away) });
  close = () => app.close();
  const get = async (url: string, token: string | null = 'admin') => {
    const response = await app.inject({ method: 'GET', url, headers: token === null ? {} : { authorization: `Token ${token}` } });
    return { status: response.statusCode, headers: response.headers, body: response.json() as Record<string, unknown> };
  };
  return { get, calls: queries.calls };
}

describe('the query API: who may ask', () => {
  it('401 not_authenticated without a credential, and asks nothing of the projections', async () => {
    const { get, calls } = await opsApi();
    const answer = await get('/api/v1/audit-log', null);
    assert.deepEqual([answer.status, answer.headers['www-authenticate'], answer.body], [401, 'Token', { code: 'not_authenticated', message: 'Authentication credentials were not provided.' }]);
    assert.deepEqual(calls, []);
  });

  it('401 token_authentication_failed for a header it cannot read, an unknown token and an expired one, in DRF\'s words', async () => {
    const { get } = await opsApi();
    const unreadable = await get('/api/v1/audit-log', 'two parts');
    assert.deepEqual([unreadable.status, unreadable.body], [401, { code: 'token_authentication_failed', message: 'Invalid token header. Token string should not contain spaces.' }]);
    assert.deepEqual((await get('/api/v1/audit-log', 'unknown')).body, { code: 'token_authentication_failed', message: 'Invalid token.' });
    assert.deepEqual((await get('/api/v1/audit-log', 'expired')).body, { code: 'token_authentication_failed', message: 'Token has expired.' });
  });

  it('403 permission_denied for a user who is not an admin, and for an admin token whose policy blocks the audit resource', async () => {
    const { get, calls } = await opsApi();
    for (const token of ['user', 'adminKeptFromAudit']) {
      const answer = await get('/api/v1/reports/stale-tokens', token);
      assert.deepEqual([answer.status, answer.body['code']], [403, 'permission_denied'], token);
    }
    assert.deepEqual(calls, []);
  });

  it('503 service_unavailable with Retry-After while the token service is away, never a 401 that sends the admin to log in', async () => {
    const { get } = await opsApi({}, new TokenServiceUnavailable(new Error('connect ECONNREFUSED 10.0.0.9:50051') as never));
    const answer = await get('/api/v1/audit-log');
    assert.deepEqual([answer.status, answer.headers['retry-after'], answer.body], [503, '1', { code: 'service_unavailable', message: 'The token service is unavailable. Retry shortly.' }]);
  });
});

describe('the audit log: filters, pages and cursors', () => {
  it('passes every filter on, times in UTC, and asks for one row more than the page', async () => {
    const { get, calls } = await opsApi({ searchAuditLog: async () => [] });
    const answer = await get(
      '/api/v1/audit-log?user_id=usr_a&token_id=key_0123456789abcdefghijKL&type=TokenRevoked&client_type=qfield&from=2026-03-01T12:00:00%2B02:00&to=2026-03-02T00:00:00Z&limit=10',
    );
    assert.deepEqual([answer.status, answer.body], [200, { events: [], next_cursor: null }]);
    assert.deepEqual(calls, [[
      'searchAuditLog',
      {
        userId: 'usr_a', tokenId: 'key_0123456789abcdefghijKL', type: 'TokenRevoked', clientType: 'qfield',
        from: new Date('2026-03-01T10:00:00.000Z'), to: new Date('2026-03-02T00:00:00.000Z'), after: undefined, limit: 11,
      },
    ]]);
  });

  it('pages 50 by default, and gives the last row of a full page as the next cursor: its epoch milliseconds and event id', async () => {
    const rows = [...Array.from({ length: 50 }, (_, i) => event(i === 49 ? eventId : otherId, '2026-03-01T10:00:00.250Z')), event(otherId, '2026-03-01T09:00:00.000Z')];
    const { get, calls } = await opsApi({ searchAuditLog: async () => rows });
    const answer = await get('/api/v1/audit-log');
    assert.equal((calls[0]![1] as { limit: number }).limit, 51);
    assert.equal((answer.body['events'] as unknown[]).length, 50);
    assert.equal(answer.body['next_cursor'], `1772359200250_${eventId}`);
  });

  it('continues right after the row a cursor names', async () => {
    const { get, calls } = await opsApi({ searchAuditLog: async () => [event(eventId, '2025-11-29T20:59:59.000Z')] });
    const answer = await get(`/api/v1/audit-log?cursor=1764450000123_${eventId}&limit=1`);
    assert.deepEqual([answer.status, answer.body['next_cursor']], [200, null], 'one row for a page of one: the last page');
    assert.deepEqual((calls[0]![1] as { after: unknown }).after, { at: new Date('2025-11-29T21:00:00.123Z'), eventId });
  });

  it('takes any cursor of the right form, a hand-made one too: it is a place in the log, not a secret', async () => {
    const { get, calls } = await opsApi({ searchAuditLog: async () => [] });
    assert.equal((await get(`/api/v1/audit-log?cursor=9999999999999_${eventId}`)).status, 200);
    assert.equal((await get(`/api/v1/audit-log?cursor=0_${eventId}`)).status, 200);
    assert.deepEqual(calls.map(([, search]) => (search as { after: { at: Date } }).after.at.toISOString()), ['2286-11-20T17:46:39.999Z', '1970-01-01T00:00:00.000Z']);
  });

  it('400 validation_error naming the cursor for a malformed, tampered, out-of-range or repeated one, before any query', async () => {
    const { get, calls } = await opsApi();
    const cursors = {
      'not a cursor': 'not-a-cursor',
      'the old base64 form': Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', eventId])).toString('base64url'),
      'an upper-case event id': `1764450000123_${eventId.toUpperCase()}`,
      'an event id cut short': `1764450000123_${eventId.slice(0, -1)}`,
      'a time of 14 digits, beyond what a Date holds in PostgreSQL\'s range': `17644500001230_${eventId}`,
      'a negative time': `-1_${eventId}`,
      'a time with a fraction': `1764450000123.5_${eventId}`,
      'no time': `_${eventId}`,
      'something after the event id': `1764450000123_${eventId}x`,
      'an empty cursor': '',
    };
    for (const [what, cursor] of Object.entries(cursors)) {
      const answer = await get(`/api/v1/audit-log?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(answer.status, 400, what);
      assert.equal(answer.body['code'], 'validation_error', what);
      assert.match(String(answer.body['message']), /^Invalid querystring: querystring\/cursor must match pattern /, what);
    }
    const twice = await get(`/api/v1/audit-log?cursor=1_${eventId}&cursor=2_${eventId}`);
    assert.deepEqual([twice.status, twice.body['message']], [400, 'Invalid querystring: querystring/cursor must be string']);
    assert.deepEqual(calls, []);
  });

  it('400 validation_error for a filter outside the shared vocabulary, a time in another spelling, a limit out of range, or an unknown field', async () => {
    const { get, calls } = await opsApi();
    const refused = {
      'client_type=qgis': 'querystring/client_type must be equal to one of the allowed values',
      'type=TokenStolen': 'querystring/type must be equal to one of the allowed values',
      'user_id=tok_abc': 'querystring/user_id must match pattern "^usr_[A-Za-z0-9_-]{1,60}$"',
      'token_id=usr_abc': 'querystring/token_id must match pattern "^tok_[A-Za-z0-9_-]{1,60}$", querystring/token_id must match pattern "^key_[0-9A-Za-z]{22}$"',
      'from=2026-03-01%2010:00:00Z': 'querystring/from must match pattern',
      'from=2026-03-01t10:00:00z': 'querystring/from must match pattern',
      'to=2026-03-01T10:00:00%2B0200': 'querystring/to must match pattern',
      'limit=0': 'querystring/limit must be >= 1',
      'limit=501': 'querystring/limit must be <= 500',
      'limit=ten': 'querystring/limit must be integer',
      'page=2': 'querystring must NOT have additional properties',
    };
    for (const [query, message] of Object.entries(refused)) {
      const answer = await get(`/api/v1/audit-log?${query}`);
      assert.deepEqual([answer.status, answer.body['code']], [400, 'validation_error'], query);
      assert.ok(String(answer.body['message']).startsWith(`Invalid querystring: ${message}`), `${query}: ${String(answer.body['message'])}`);
    }
    assert.deepEqual(calls, []);
  });
});

describe('activity and reports', () => {
  const activity = {
    token_id: 'tok_a', user_id: 'usr_a', credential: 'token', client_type: 'cli', note: 'deploys', issued_at: '2026-01-01T00:00:00.000Z', expires_at: null, revoked_at: null,
    revoked_reason: null, use_count: 3, first_used_at: '2026-01-02T00:00:00.000Z', last_used_at: '2026-01-03T00:00:00.000Z', last_ip: '10.0.0.1', last_user_agent: 'cli|1',
  };

  it('answers a credential\'s activity, or 404 object_not_found naming it', async () => {
    const { get, calls } = await opsApi({ activityOfCredentials: async (ids) => (ids[0] === 'tok_a' ? [activity] : []) });
    const found = await get('/api/v1/activity/tokens/tok_a');
    assert.deepEqual([found.status, found.body], [200, activity]);
    const missing = await get('/api/v1/activity/tokens/tok_never');
    assert.deepEqual([missing.status, missing.body], [404, { code: 'object_not_found', message: 'No activity of tok_never: never issued, or not yet projected.' }]);
    assert.deepEqual(calls.map(([, ids]) => ids), [['tok_a'], ['tok_never']]);
    assert.equal((await get('/api/v1/activity/tokens/usr_a')).status, 400, 'a user id is not a credential id');
  });

  it('asks for stale credentials over 30 days and expiring ones over 7 unless told, and refuses 0 or more than ten years', async () => {
    const { get, calls } = await opsApi({ staleCredentials: async () => [activity], expiringCredentials: async () => [] });
    assert.deepEqual((await get('/api/v1/reports/stale-tokens')).body, { days: 30, tokens: [activity] });
    assert.deepEqual((await get('/api/v1/reports/expiring-tokens')).body, { days: 7, tokens: [] });
    assert.deepEqual((await get('/api/v1/reports/expiring-tokens?days=3650')).body, { days: 3650, tokens: [] });
    assert.deepEqual(calls, [['staleCredentials', 30], ['expiringCredentials', 7], ['expiringCredentials', 3650]]);
    for (const query of ['stale-tokens?days=0', 'expiring-tokens?days=3651', 'stale-tokens?days=1.5']) assert.equal((await get(`/api/v1/reports/${query}`)).status, 400, query);
  });

  it('asks for a summary over 24 hours by the hour unless told, and refuses a bucket it does not know', async () => {
    const { get, calls } = await opsApi({ summary: async () => Promise.reject(new Error('answered in the next test')) });
    await get('/api/v1/stats/summary');
    await get('/api/v1/stats/summary?hours=2&bucket=minute');
    assert.deepEqual(calls.map(([, query]) => ({ ...(query as object) })), [{ hours: 24, bucket: 'hour' }, { hours: 2, bucket: 'minute' }]);
    assert.equal((await get('/api/v1/stats/summary?bucket=second')).status, 400);
    assert.equal((await get('/api/v1/stats/summary?hours=2161')).status, 400);
  });

  it('500 internal_error for a query that fails, quoting the request id and nothing of the failure', async () => {
    const { get } = await opsApi({ summary: async () => Promise.reject(new Error('relation "uses_per_minute" does not exist at db.internal:5432')) });
    const answer = await get('/api/v1/stats/summary');
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body, { code: 'internal_error', message: `Something went wrong on our side. Quote request id ${answer.headers['x-request-id']} when reporting it.` });
  });

  it('503 with Retry-After while Kafka cannot say how far the projections trail', async () => {
    const { get } = await opsApi({ consumerLag: async () => Promise.reject(new KafkaUnavailable('Kafka did not answer within 3000 ms')) });
    const answer = await get('/api/v1/consumer/lag');
    assert.deepEqual([answer.status, answer.headers['retry-after'], answer.body], [
      503, '5', { code: 'service_unavailable', message: 'Kafka did not answer within 3000 ms: the lag is unknown for now. Retry shortly.' },
    ]);
  });
});
