import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { tokenTopicPartitions, tokenTopics } from '@tessera/contracts';
import type { GroupMember, KafkaAdmin, MessageProducer, PartitionEnd } from '@tessera/messaging';
import { freePort, startPlatform, waitFor, type Platform, type RunningProcess } from '@tessera/testing';
import {
  caughtUp, connect, connectKafka, envelope, loginFailed, minute, positions, projectionOrder, projections, registered, sendInChunks, tokenIssued,
  tokenRevoked, unknownLoginFailed, Workload,
} from './testing/audit-workload.ts';

// The consumer's guarantees, against the real broker and PostgreSQL with the service as real processes: a crash
// mid-batch loses and repeats nothing, and instances sharing a consumer group end with what one instance would.

const catchUpMs = 180_000; // after a SIGKILL the group waits out the dead member's session (30 s) before it rebalances

describe('the audit consumer killed mid-batch and restarted', () => {
  let platform: Platform;
  let producer: MessageProducer;
  let admin: KafkaAdmin;
  let db: pg.Client;
  let topics: ReturnType<typeof tokenTopics>;
  let sent: Workload;

  before(async () => {
    sent = new Workload();
    platform = await startPlatform('audit_crash', { services: ['audit-service'] });
    topics = tokenTopics(platform.prefix);
    ({ producer, admin } = await connectKafka('audit-crash-test', topics));
    db = await connect(platform.auditDatabase.url);
  });

  after(async () => {
    await db?.end();
    await producer?.disconnect();
    await platform?.stop();
    // Best effort: a group left behind harms nothing, since every run names its own.
    if (platform) await admin?.deleteGroup(platform.env['AUDIT_CONSUMER_GROUP']!).catch(() => undefined);
    await admin?.disconnect();
  });

  it('loses and repeats nothing', async (t) => {
    // 300 tokens over 150 users: keys land on every partition of both topics.
    const usage = Array.from({ length: 12_000 }, (_, i) => sent.usage(`tok_crash_${i % 300}`, `usr_crash_${i % 150}`, 1 + (i % 5), minute(i % 40)));
    const events = Array.from({ length: 6_000 }, (_, i) =>
      i < 300 ? sent.event(tokenIssued(`tok_crash_${i}`, `usr_crash_${i % 150}`)) : sent.event(loginFailed(`usr_crash_${i % 150}`)),
    );
    const total = usage.length + events.length;
    const started = Date.now();
    await sendInChunks(producer, [topics.usage, usage], [topics.events, events]);
    t.diagnostic(`produced ${total} messages in ${Date.now() - started} ms`);

    // Killed while a batch's transaction is open, a third of the way or more: one instance applies about 2,000
    // messages a second on two cores, in commits of up to 2,000, so several seconds of work remain. It is frozen
    // (SIGSTOP) first, and killed only once it is seen frozen mid-transaction: PostgreSQL then holds, at the kill,
    // exactly what it held when looked at, with an uncommitted batch open.
    const service = platform.process('audit-service');
    const atKill = await waitFor(
      async () => {
        if ((await appliedCount(db)) < total / 3) return false;
        process.kill(service.pid, 'SIGSTOP');
        let frozenInTransaction: number | false = false;
        try {
          const [applied, waiting] = await Promise.all([appliedCount(db), transactionsAwaitingTheService(db)]);
          if (applied < total && waiting > 0) frozenInTransaction = applied;
        } finally {
          // Left frozen only to be killed: a failed look must not leave it stopped for the rest of the test.
          if (frozenInTransaction === false) process.kill(service.pid, 'SIGCONT');
        }
        return frozenInTransaction;
      },
      { description: 'the audit service part-way through, frozen inside a transaction', timeoutMs: 60_000, intervalMs: 20 },
    );
    const exit = await service.stop('SIGKILL');
    assert.equal(exit.signal, 'SIGKILL');
    const committedAtDeath = await appliedCount(db);
    t.diagnostic(`killed after ${Date.now() - started} ms with ${committedAtDeath} of ${total} committed`);
    assert.equal(committedAtDeath, atKill, 'nothing committed between the freeze and the kill');
    assert.ok(committedAtDeath >= total / 3 && committedAtDeath < total, `strictly partial at the kill: ${committedAtDeath} of ${total}`);

    await platform.restart('audit-service');
    const ends = await admin.endOffsets([topics.events, topics.usage]);
    assert.equal(ends.length, 2 * tokenTopicPartitions);
    assert.ok(ends.every((end) => end.endOffset > 0n), 'every partition has messages');
    await waitFor(async () => caughtUp(db, ends), { description: 'the restarted service to apply every partition to its end', timeoutMs: catchUpMs, intervalMs: 250 });
    t.diagnostic(`everything applied ${Date.now() - started} ms after the first send`);

    await assertAppliedExactly(db, sent, ends);
  });

  it('applies what is produced after the restart', async () => {
    const usage = Array.from({ length: 20 }, (_, i) => sent.usage(`tok_crash_${i}`, `usr_crash_${i % 150}`, 7, minute(50)));
    const events = Array.from({ length: 20 }, (_, i) => sent.event(loginFailed(`usr_crash_${i}`)));
    await sendInChunks(producer, [topics.usage, usage], [topics.events, events]);
    const ends = await admin.endOffsets([topics.events, topics.usage]);
    await waitFor(async () => caughtUp(db, ends), { description: 'the new messages applied', timeoutMs: 30_000, intervalMs: 100 });
    await assertAppliedExactly(db, sent, ends);
  });
});

describe('two audit instances in one consumer group', () => {
  let pair: Platform;
  let single: Platform;
  let second: RunningProcess;
  let producer: MessageProducer;
  let admin: KafkaAdmin;
  let pairDb: pg.Client;
  let singleDb: pg.Client;
  let topics: ReturnType<typeof tokenTopics>;

  before(async () => {
    pair = await startPlatform('audit_pair', { services: ['audit-service'] });
    topics = tokenTopics(pair.prefix);
    second = await pair.startAnother('audit-service', { AUDIT_HTTP_ADDRESS: `127.0.0.1:${await freePort()}` });
    // For comparison: one instance reading the same topics into its own database, in a group of its own.
    single = await startPlatform('audit_single', { services: ['audit-service'], env: { KAFKA_TOPIC_PREFIX: pair.prefix } });
    ({ producer, admin } = await connectKafka('audit-pair-test', topics));
    [pairDb, singleDb] = await Promise.all([connect(pair.auditDatabase.url), connect(single.auditDatabase.url)]);
  });

  after(async () => {
    await Promise.all([pairDb?.end(), singleDb?.end()]);
    await producer?.disconnect();
    await Promise.all([pair?.stop(), single?.stop()]);
    for (const platform of [pair, single]) if (platform) await admin?.deleteGroup(platform.env['AUDIT_CONSUMER_GROUP']!).catch(() => undefined);
    await admin?.disconnect();
  });

  it('split the partitions, and end with what one instance ends with', async (t) => {
    const group = pair.env['AUDIT_CONSUMER_GROUP']!;
    assert.notEqual(single.env['AUDIT_CONSUMER_GROUP'], group, 'the single instance reads in a group of its own');
    assert.equal(second.name, 'audit-service-2');

    const allPartitions = [topics.events, topics.usage].flatMap((topic) => Array.from({ length: tokenTopicPartitions }, (_, p) => `${topic}/${p}`));
    const split = await waitFor(async () => splitBetweenTwo(await admin.groupMembers(group), allPartitions), {
      description: 'two members of the group, each with its own partitions, together all of them',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    t.diagnostic(`assignments: ${split.map((member) => member.partitions.join(' ')).join(' | ')}`);

    const sent = new Workload();
    const usage = Array.from({ length: 3_000 }, (_, i) => sent.usage(`tok_pair_${i % 120}`, `usr_pair_${i % 60}`, 1 + (i % 4), minute(i % 25)));
    const events = Array.from({ length: 3_000 }, (_, i) => {
      const user = `usr_pair_${i % 60}`;
      if (i < 120) return sent.event(tokenIssued(`tok_pair_${i}`, user));
      if (i < 150) return sent.event(tokenRevoked(`tok_pair_${i - 120}`, user));
      if (i < 210) return sent.event(registered(user));
      return sent.event(i % 3 === 0 ? unknownLoginFailed(i) : loginFailed(user));
    });
    const malformed = {
      events: [
        { key: 'usr_pair_bad', value: 'not json at all' },
        { key: 'usr_pair_bad', value: JSON.stringify(envelope('UserTeleported', { user_id: 'usr_pair_bad' })) },
      ],
      usage: [{ key: 'tok_pair_bad', value: '{"type": "CredentialUsed"}' }],
    };
    const started = Date.now();
    await sendInChunks(producer, [topics.usage, [...usage.slice(0, 1_500), ...malformed.usage, ...usage.slice(1_500)]], [
      topics.events,
      [...events.slice(0, 1_500), ...malformed.events, ...events.slice(1_500)],
    ]);

    const ends = await admin.endOffsets([topics.events, topics.usage]);
    assert.ok(ends.every((end) => end.endOffset > 0n), 'every partition has messages');
    await waitFor(async () => (await caughtUp(pairDb, ends)) && (await caughtUp(singleDb, ends)), {
      description: 'both databases to apply every partition to its end',
      timeoutMs: catchUpMs,
      intervalMs: 250,
    });
    t.diagnostic(`both databases caught up ${Date.now() - started} ms after the first send`);

    // The same members with the same partitions as before the workload: no rebalance in between, so each instance
    // alone applied its partitions, every one of which had messages.
    assert.deepEqual(splitBetweenTwo(await admin.groupMembers(group), allPartitions), split);

    const [together, alone] = await Promise.all([projections(pairDb), projections(singleDb)]);
    assert.equal(together['audit_log']!.length, sent.events.length);
    assert.equal(together['counted_usage_events']!.length, sent.uses.length);
    assert.equal(together['dead_letters']!.length, malformed.events.length + malformed.usage.length);
    for (const table of Object.keys(projectionOrder)) assert.deepEqual(together[table], alone[table], `${table} is the same with two instances as with one`);
    await assertAppliedExactly(pairDb, sent, ends, malformed.events.length + malformed.usage.length);
  });
});

/** Messages applied so far: an audit log row per event, a counted id per usage event. */
async function appliedCount(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select (select count(*) from audit_log)::int + (select count(*) from counted_usage_events)::int as n');
  return rows[0]!.n;
}

/** The service's transactions that have run every statement sent and wait for its next: stable while it is frozen. */
async function transactionsAwaitingTheService(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'audit-service' and state = 'idle in transaction'",
  );
  return rows[0]!.n;
}

async function assertAppliedExactly(db: pg.Client, sent: Workload, ends: readonly PartitionEnd[], deadLetters = 0): Promise<void> {
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  assert.equal(await count('select count(*) as n from audit_log'), sent.events.length, 'an audit log row per event');
  const auditIds = (await db.query<{ event_id: string }>('select event_id from audit_log order by event_id')).rows.map((row) => row.event_id);
  assert.deepEqual(auditIds, sent.events.map((event) => event.event_id).sort());

  const expectedUses = sent.usesByToken();
  const { rows } = await db.query<{ token_id: string; use_count: string }>('select token_id, use_count from token_activity where use_count > 0 order by token_id');
  assert.deepEqual(new Map(rows.map((row) => [row.token_id, Number(row.use_count)])), expectedUses, 'each token\'s uses');
  const totalUses = [...expectedUses.values()].reduce((sum, n) => sum + n, 0);
  assert.equal(await count('select sum(use_count) as n from token_activity'), totalUses, 'the uses of every token');
  assert.equal(await count('select sum(uses) as n from uses_per_minute'), totalUses, 'the uses per minute');

  const counted = (await db.query<{ event_id: string }>('select event_id from counted_usage_events order by event_id')).rows.map((row) => row.event_id);
  assert.deepEqual(counted, sent.uses.map((event) => event.event_id).sort(), 'each usage event counted once');
  assert.equal(await count('select count(*) as n from dead_letters'), deadLetters, 'the dead letters');
  assert.deepEqual(await positions(db), ends, 'every partition applied to its end offset');
}

/** Each partition's "topic/partition" once, when exactly two members hold disjoint, non-empty shares of all of them. */
function splitBetweenTwo(members: readonly GroupMember[], allPartitions: readonly string[]): Array<{ memberId: string; partitions: string[] }> | false {
  if (members.length !== 2) return false;
  const shares = members
    .map((member) => ({
      memberId: member.memberId,
      partitions: member.assignments.flatMap(({ topic, partitions }) => partitions.map((p) => `${topic}/${p}`)).sort(),
    }))
    .sort((a, b) => a.memberId.localeCompare(b.memberId));
  if (shares.some((share) => share.partitions.length === 0)) return false;
  const covered = shares.flatMap((share) => share.partitions);
  if (new Set(covered).size !== covered.length) return false; // overlapping
  return covered.length === allPartitions.length && allPartitions.every((partition) => covered.includes(partition)) && shares;
}
