import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { tokenTopics } from '@tessera/contracts';
import { gatewayLogin, startPlatform, testPassword, waitFor, type Platform } from '@tessera/testing';
import { connectKafka, envelope, usageEvent } from './testing/audit-workload.ts';

type Json = Record<string, unknown>;
interface Page {
  events: Array<{ event_id: string; type: string; user_id: string | null; client_type: string | null }>;
  next_cursor: string | null;
}

interface Summary {
  totals: Record<'validations' | 'logins' | 'failed_logins' | 'issued' | 'revoked' | 'dead_letters', number>;
  series: Array<Record<'validations' | 'logins' | 'failed_logins' | 'issued' | 'revoked', number>>;
  active_tokens: { total: number; by_client_type: Array<{ client_type: string; count: number }> };
  validations_by_client_type: Array<{ client_type: string; uses: number }>;
}
interface FailedLoginReport {
  by_ip: Array<{ ip: string; failures: number; unknown_names: number; users: number }>;
  by_user: Array<{ user_id: string; failures: number; ips: number }>;
}
interface Lag {
  total_lag: number;
  newest_event_at: string | null;
  members: Array<{ assignments: Array<{ topic: string; partitions: number[] }> }>;
  partitions: Array<{ end_offset: number; next_offset: number }>;
}

describe('audit service: the query API for ops, behind an admin credential', () => {
  let platform: Platform;
  let admin: string;
  let user: { id: string; token: string; named: string };

  const audit = async <T = Json>(path: string, token?: string) => {
    const response = await fetch(`${platform.urls.audit}${path}`, { headers: token ? { authorization: `Token ${token}` } : {} });
    return { status: response.status, body: (await response.json()) as T };
  };
  const gateway = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${platform.urls.gateway}${path}`, {
      method,
      headers: { authorization: `Token ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  before(async () => {
    platform = await startPlatform('audit_query', { services: ['token-service', 'audit-service', 'gateway'] });
    admin = await gatewayLogin(platform.urls.gateway);
    const password = testPassword('ops');
    const created = (await (await gateway('POST', '/api/v1/admin/users/', admin, { username: 'operator', email: 'operator@example.com', password })).json()) as { pk: string };
    const token = await gatewayLogin(platform.urls.gateway, { username: 'operator', password, userAgent: 'cli|ops' });
    const named = (await (await gateway('POST', '/api/v1/auth/tokens/', token, { note: 'never used' })).json()) as { id: string };
    for (let i = 0; i < 3; i++) assert.equal((await gateway('GET', '/api/v1/auth/user/', token)).status, 200);
    user = { id: created.pk, token, named: named.id };
  });

  after(async () => {
    await platform?.stop();
  });

  it('refuses no credential, a user who is not an admin, and an admin token whose policy keeps it from the audit', async () => {
    assert.deepEqual((await audit('/api/v1/audit-log')).body['code'], 'not_authenticated');
    const notAdmin = await audit('/api/v1/audit-log', user.token);
    assert.deepEqual([notAdmin.status, notAdmin.body['code']], [403, 'permission_denied']);
    const policy = { resources: { audit: { block: ['GET'] }, '*': { allow: ['*'] } } };
    const narrow = (await (await gateway('POST', '/api/v1/auth/tokens/', admin, { note: 'no audit', policy })).json()) as { token: string };
    assert.equal((await audit('/api/v1/audit-log', narrow.token)).status, 403);
    assert.equal((await audit('/api/v1/audit-log?limit=0', admin)).status, 400);
  });

  it('searches the audit log by user, type and client type, newest first, page by page with a cursor', async () => {
    const all = await waitFor(
      async () => {
        const { body } = await audit<Page>(`/api/v1/audit-log?user_id=${user.id}&limit=500`, admin);
        return body.events.filter((event) => event.type === 'TokenIssued').length === 2 ? body : undefined;
      },
      { timeoutMs: 20_000, description: 'the operator\'s events in the audit log' },
    );
    assert.ok(all.events.every((event) => event.user_id === user.id));
    assert.deepEqual(new Set(all.events.map((event) => event.type)), new Set(['UserRegistered', 'LoginSucceeded', 'TokenIssued']));

    const cli = await audit<Page>(`/api/v1/audit-log?user_id=${user.id}&type=TokenIssued&client_type=cli`, admin);
    assert.equal(cli.body.events.length, 1, 'the login token (cli); the named one is sdk');
    // A filter names a value of the shared vocabulary, or is refused rather than answered with an empty page.
    for (const filter of ['client_type=qgis', 'type=TokenStolen', 'user_id=tok_abc']) {
      const refused = await audit(`/api/v1/audit-log?${filter}`, admin);
      assert.deepEqual([refused.status, refused.body['code']], [400, 'validation_error'], filter);
    }

    const paged: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: Page } = await audit<Page>(`/api/v1/audit-log?user_id=${user.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, admin);
      paged.push(...page.body.events.map((event) => event.event_id));
      cursor = page.body.next_cursor;
    }
    assert.deepEqual(paged, all.events.map((event) => event.event_id));
    assert.equal((await audit('/api/v1/audit-log?cursor=not-a-cursor', admin)).status, 400);
  });

  it('answers a token\'s activity and a user\'s, and reports the tokens never used as stale', async () => {
    const used = await waitFor(
      async () => {
        const { body } = await audit<{ tokens: Json[] }>(`/api/v1/activity/users/${user.id}`, admin);
        return body.tokens.find((token) => Number(token['use_count']) >= 3 && token['last_ip'] !== null);
      },
      { timeoutMs: 20_000, description: 'the login token\'s uses projected' },
    );
    assert.equal(used['client_type'], 'cli');
    const named = await audit(`/api/v1/activity/tokens/${user.named}`, admin);
    assert.deepEqual([named.status, named.body['use_count'], named.body['last_used_at'], named.body['note']], [200, 0, null, 'never used']);
    assert.equal((await audit('/api/v1/activity/tokens/tok_nothing', admin)).status, 404);

    const stale = await audit<{ tokens: Json[] }>('/api/v1/reports/stale-tokens?days=1', admin);
    const staleIds = stale.body.tokens.map((token) => token['token_id']);
    assert.ok(staleIds.includes(user.named), 'never used');
    assert.ok(!staleIds.includes(used['token_id']), 'used just now');
  });

  it('finds a credential\'s events by its id, and reports the credentials about to expire', async () => {
    const soon = (await (await gateway('POST', '/api/v1/auth/tokens/', user.token, { note: 'expires soon', expires_in_seconds: 3_600 })).json()) as { id: string };
    const events = await waitFor(
      async () => {
        const { body } = await audit<Page>(`/api/v1/audit-log?token_id=${soon.id}`, admin);
        return body.events.length > 0 ? body.events : undefined;
      },
      { timeoutMs: 20_000, description: 'the new token\'s issue in the audit log' },
    );
    assert.deepEqual(events.map((event) => event.type), ['TokenIssued']);
    const expiring = async (days: number) => (await audit<{ tokens: Json[] }>(`/api/v1/reports/expiring-tokens?days=${days}`, admin)).body.tokens.map((t) => t['token_id']);
    const withinADay = await waitFor(async () => ((await expiring(1)).includes(soon.id) ? expiring(1) : undefined), { description: 'the token in the report' });
    assert.ok(!withinADay.includes(user.named), 'the named token lives longer than a day');
    assert.equal((await audit('/api/v1/reports/expiring-tokens?days=0', admin)).status, 400);
  });

  it('reports failed logins by address, unknown names included, and by the user they were aimed at', async () => {
    const wrong = async (username: string) =>
      (await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'not-the-password' }),
      })).status;
    assert.deepEqual([await wrong('operator'), await wrong('nobody-by-this-name')], [401, 401]);
    const report = await waitFor(
      async () => {
        const { body } = await audit<FailedLoginReport>('/api/v1/reports/failed-logins?hours=1', admin);
        return body.by_ip.find((row) => row.ip === '127.0.0.1' && row.unknown_names >= 1 && row.failures >= 2) ? body : undefined;
      },
      { timeoutMs: 20_000, description: 'both failures projected' },
    );
    const aimed = report.by_user.find((row) => row.user_id === user.id);
    assert.deepEqual([aimed?.failures, aimed?.ips], [1, 1]);
    assert.equal((await audit('/api/v1/reports/failed-logins?hours=0', admin)).status, 400);
  });

  it('sums up the window: what this test did adds exactly its own logins, failures, issues, revokes and validations', async () => {
    const summary = async () => (await audit<Summary>('/api/v1/stats/summary?hours=2&bucket=minute', admin)).body;
    // Everything published so far is applied: what follows is the summary of the file's earlier tests.
    await waitFor(async () => (await audit<Lag>('/api/v1/consumer/lag', admin)).body.total_lag === 0, { timeoutMs: 20_000, description: 'no lag' });
    const before = await summary();
    assert.ok(before.series.length >= 120 && before.series.length <= 121, `one point per minute, got ${before.series.length}`);

    // This test's own events. Validations are counted for the qfield client type only, which no other test uses: the
    // admin's calls (this test's polling of the audit API among them) are validations too, of another client type.
    const password = testPassword('counter');
    assert.equal((await gateway('POST', '/api/v1/admin/users/', admin, { username: 'counter', email: 'counter@example.com', password })).status, 201);
    const wrong = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'counter', password: 'not-the-password' }),
    });
    assert.equal(wrong.status, 401);
    const counter = await gatewayLogin(platform.urls.gateway, { username: 'counter', password, userAgent: 'qfield|3.4.1|counting' });
    for (let i = 0; i < 4; i++) assert.equal((await gateway('GET', '/api/v1/auth/user/', counter)).status, 200);
    const named = (await (await gateway('POST', '/api/v1/auth/tokens/', admin, { note: 'issued and revoked' })).json()) as { id: string };
    assert.equal((await gateway('DELETE', `/api/v1/auth/tokens/${named.id}/`, admin)).status, 200);
    const expected = { logins: 1, failed_logins: 1, issued: 2, revoked: 1, qfield_validations: 4, qfield_active: 1 };

    const qfieldValidations = (of: Summary) => of.validations_by_client_type.find((row) => row.client_type === 'qfield')?.uses ?? 0;
    const qfieldActive = (of: Summary) => of.active_tokens.by_client_type.find((row) => row.client_type === 'qfield')?.count ?? 0;
    const added = (now: Summary) => ({
      logins: now.totals.logins - before.totals.logins,
      failed_logins: now.totals.failed_logins - before.totals.failed_logins,
      issued: now.totals.issued - before.totals.issued,
      revoked: now.totals.revoked - before.totals.revoked,
      qfield_validations: qfieldValidations(now) - qfieldValidations(before),
      qfield_active: qfieldActive(now) - qfieldActive(before),
    });
    let seen = added(before);
    await waitFor(async () => isDeepStrictEqual((seen = added(await summary())), expected), { timeoutMs: 20_000, description: 'the test\'s events summed up' }).catch(() => undefined);
    assert.deepEqual(seen, expected);

    const tooFine = await audit<Summary & { bucket: string }>('/api/v1/stats/summary?hours=48&bucket=minute', admin);
    assert.deepEqual([tooFine.status, tooFine.body.bucket, tooFine.body.series.length], [200, 'hour', 49], 'more than 1500 minutes: answered in hours');
  });

  it('tells how far the projections trail each partition, and who in the group reads which', async () => {
    const lag = await waitFor(
      async () => {
        const { body } = await audit<Lag>('/api/v1/consumer/lag', admin);
        return body.total_lag === 0 && body.members.length === 1 ? body : undefined;
      },
      { timeoutMs: 20_000, description: 'no lag, one member' },
    );
    assert.equal(lag.partitions.length, 12, 'six partitions of two topics');
    assert.ok(lag.partitions.some((p) => p.end_offset > 0) && lag.partitions.every((p) => p.next_offset === p.end_offset));
    assert.equal(lag.members[0]!.assignments.reduce((sum, a) => sum + a.partitions.length, 0), 12);
    assert.ok(lag.newest_event_at !== null);
  });

  it('streams each new event to a live viewer as it is applied, and only to admins', async () => {
    assert.equal((await fetch(`${platform.urls.audit}/api/v1/events/stream`, { headers: { authorization: `Token ${user.token}` } })).status, 403);
    const viewer = new AbortController();
    // The deadline ends the reads below should the event never come.
    const signal = AbortSignal.any([viewer.signal, AbortSignal.timeout(30_000)]);
    const stream = await fetch(`${platform.urls.audit}/api/v1/events/stream`, { headers: { authorization: `Token ${admin}` }, signal });
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const until = async (found: () => boolean) => {
      while (!found()) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended; it said: ${received}`);
        received += value;
      }
    };
    try {
      await until(() => received.includes('event: ready'));
      const created = (await (await gateway('POST', '/api/v1/auth/tokens/', user.token, { note: 'seen live' })).json()) as { id: string };
      await until(() => received.includes(`"token_id":"${created.id}"`));
      const message = received.split('\n\n').find((chunk) => chunk.includes(created.id))!;
      const data = JSON.parse(message.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as Page['events'][number];
      assert.deepEqual([data.type, data.user_id, message.includes(`id: ${data.event_id}`)], ['TokenIssued', user.id, true]);
    } finally {
      viewer.abort();
    }
  });

  it('answers 503 while the token service is away, and keeps projecting what reaches the topics meanwhile', async () => {
    const activityOf = async (tokenId: string) => {
      const response = await fetch(`${platform.urls.audit}/api/v1/activity/tokens?token_id=${tokenId}`, { headers: { 'x-tessera-service-secret': platform.serviceSecret } });
      return ((await response.json()) as { tokens: Json[] }).tokens[0];
    };
    const created = (await (await gateway('POST', '/api/v1/auth/tokens/', user.token, { note: 'used while away' })).json()) as { id: string };
    await waitFor(() => activityOf(created.id), { timeoutMs: 20_000, description: 'the new token projected' });

    await platform.process('token-service').stop();
    const away = await audit('/api/v1/audit-log', admin);
    assert.deepEqual([away.status, away.body['code']], [503, 'service_unavailable']);

    // The token service cannot publish now: its usage and a revocation reach the topics as it would have sent them.
    const topics = tokenTopics(platform.prefix);
    const kafka = await connectKafka('audit-query-test', topics);
    const revokedAt = new Date().toISOString();
    try {
      await kafka.producer.send(topics.usage, [{ key: user.id, value: JSON.stringify(usageEvent(created.id, user.id, 7, '2026-11-29T12:00:00.000Z')) }]);
      const revoked = envelope('TokenRevoked', { token_id: created.id, user_id: user.id, reason: 'revoked while away', at: revokedAt });
      await kafka.producer.send(topics.events, [{ key: user.id, value: JSON.stringify(revoked) }]);
    } finally {
      await Promise.all([kafka.producer.disconnect(), kafka.admin.disconnect()]);
    }
    const projected = await waitFor(
      async () => {
        const activity = await activityOf(created.id);
        return activity?.['revoked_at'] !== null && activity?.['use_count'] === 7 ? activity : undefined;
      },
      { timeoutMs: 20_000, description: 'the usage and the revocation projected while the token service is away' },
    );
    assert.deepEqual(
      [projected['use_count'], projected['last_used_at'], projected['last_ip'], projected['revoked_at'], projected['revoked_reason']],
      [7, '2026-11-29T12:00:00.000Z', '10.0.0.1', revokedAt, 'revoked while away'],
    );
    const ready = await fetch(`${platform.urls.audit}/readyz`);
    assert.deepEqual([ready.status, await ready.json()], [200, { status: 'ready', checks: { postgres: 'ok', consumer: 'ok' } }]);
  });
});
