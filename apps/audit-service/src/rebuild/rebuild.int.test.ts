import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type pg from 'pg';
import { tokenTopics, type TokenTopics } from '@tessera/contracts';
import type { KafkaAdmin, MessageProducer, OutgoingMessage } from '@tessera/messaging';
import { startPlatform, waitFor, type Platform } from '@tessera/testing';
import {
  caughtUp, connect, connectKafka, loginFailed, minute, projections, registered, sendInChunks, tokenIssued, tokenRevoked, unknownLoginFailed, Workload,
} from '../testing/audit-workload.ts';

const rebuildCommand = path.join(import.meta.dirname, '..', 'rebuild.ts');

describe('rebuilding the audit projections from the topics', () => {
  let live: Platform;
  let reference: Platform;
  let producer: MessageProducer;
  let admin: KafkaAdmin;
  let liveDb: pg.Client;
  let referenceDb: pg.Client;
  let topics: TokenTopics;
  let rebuild: ReturnType<typeof startRebuild> | undefined;

  before(async () => {
    live = await startPlatform('audit_rebuild', { services: ['audit-service'] });
    topics = tokenTopics(live.prefix);
    // What the rebuilt tables must equal: one more instance that read the same topics into its own database.
    reference = await startPlatform('audit_rebuild_ref', { services: ['audit-service'], env: { KAFKA_TOPIC_PREFIX: live.prefix } });
    ({ producer, admin } = await connectKafka('audit-rebuild-test', topics));
    [liveDb, referenceDb] = await Promise.all([connect(live.auditDatabase.url), connect(reference.auditDatabase.url)]);
  });

  after(async () => {
    rebuild?.kill(); // a failed test must not leave a rebuild holding the database
    await Promise.all([liveDb?.end(), referenceDb?.end()]);
    await producer?.disconnect();
    await Promise.all([live?.stop(), reference?.stop()]);
    await admin?.disconnect();
  });

  it('replays into fresh tables while the service runs, shows progress, swaps them in, and equals the live projection', async (t) => {
    const sent = new Workload();
    await sendInChunks(producer, ...workload(topics, sent, 'a', 1_500));
    await waitFor(async () => caughtUp(liveDb, await admin.endOffsets([topics.events, topics.usage])), { description: 'the live projection caught up', timeoutMs: 60_000 });
    const before = await projections(liveDb);
    const { rows } = await liveDb.query<{ now: Date }>('select now()');
    const startedAt = rows[0]!.now;

    // More events arrive during the replay, past the ends it aims for: the live consumer applies them, and the swap
    // must neither lose nor repeat them.
    const running = startRebuild(live.env);
    rebuild = running;
    await waitFor(() => running.output().includes('replaying:'), { description: 'the rebuild replaying', timeoutMs: 30_000 });
    await sendInChunks(producer, ...workload(topics, sent, 'b', 600));
    const { code, output } = await waitFor(() => running.result(), { description: 'the rebuild to finish', timeoutMs: 120_000 });
    t.diagnostic(output);
    assert.equal(code, 0, output);
    assert.match(output, /^replaying: \d+ of \d+ messages \(\d+%\)/m);
    assert.match(output, /^swapped: \d+ of \d+ messages \(100%\)/m);
    assert.match(output, /the replaced tables are in the schema audit_previous/);

    await sendInChunks(producer, ...workload(topics, sent, 'c', 300));
    const ends = await admin.endOffsets([topics.events, topics.usage]);
    await waitFor(async () => (await caughtUp(liveDb, ends)) && (await caughtUp(referenceDb, ends)), {
      description: 'both databases applied every message',
      timeoutMs: 60_000,
    });
    const [rebuilt, expected] = await Promise.all([projections(liveDb), projections(referenceDb)]);
    for (const table of Object.keys(expected)) assert.deepEqual(rebuilt[table], expected[table], `${table}: rebuilt equals a live projection of the same topics`);
    assert.equal(rebuilt['audit_log']!.length, sent.events.length);
    assert.equal(rebuilt['dead_letters']!.length, 3 * 3, 'the malformed messages of the three workloads, dead-lettered again');

    // Fresh rows, not the old ones moved: the first workload's entries were written again by the rebuild.
    const { rows: oldest } = await liveDb.query<{ at: Date }>('select min(projected_at) as at from audit_log');
    assert.ok(oldest[0]!.at >= startedAt, 'every audit-log row written by the rebuild or after it');
    const kept = new Set((await projections(liveDb, 'audit_previous'))['audit_log']!.map((row) => JSON.stringify(row)));
    assert.ok(before['audit_log']!.every((row) => kept.has(JSON.stringify(row))), 'the replaced tables are kept in audit_previous');
  });
});

/**
 * A mix of every event kind, usage, and malformed messages, over many keys; `tag` keeps the ids of runs apart. A
 * token's events carry its owner's id, the message key, as the token service's do: one partition, in order.
 */
function workload(topics: TokenTopics, sent: Workload, tag: string, size: number): Array<[string, OutgoingMessage[]]> {
  const events = Array.from({ length: size }, (_, i) => {
    const user = `usr_${tag}${i % 40}`;
    if (i < 100) return sent.event(tokenIssued(`tok_${tag}${i}`, user));
    if (i < 130) return sent.event(tokenRevoked(`tok_${tag}${i - 100}`, `usr_${tag}${(i - 100) % 40}`));
    if (i < 170) return sent.event(registered(user));
    return sent.event(i % 3 === 0 ? unknownLoginFailed(i) : loginFailed(user));
  });
  const usage = Array.from({ length: size }, (_, i) => sent.usage(`tok_${tag}${i % 100}`, `usr_${tag}${i % 40}`, 1 + (i % 3), minute(i % 30)));
  return [
    [topics.events, [...events, { key: `usr_${tag}bad`, value: 'not json' }, { key: `usr_${tag}bad`, value: '{"type": "UserTeleported"}' }]],
    [topics.usage, [...usage, { key: `tok_${tag}bad`, value: '{"type": "CredentialUsed"}' }]],
  ];
}

function startRebuild(env: Record<string, string>) {
  const child = spawn(process.execPath, [rebuildCommand], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let result: { code: number | null; output: string } | undefined;
  void once(child, 'close').then(([code]) => (result = { code: code as number | null, output }));
  return { output: () => output, result: () => result, kill: () => child.kill('SIGKILL') };
}
