import { findUp, loadConfig } from '@tessera/config';
import { tokenTopicPartitions, tokenTopics } from '@tessera/contracts';
import { createKafkaClient } from '@tessera/messaging';
import { assertReachable, createPool, migrate } from '@tessera/postgres';
import { createLogger, exitCodes, exitIfCannotStart } from '@tessera/telemetry';
import { projectionConfigSpec } from './config.ts';
import { previousSchema, rebuildProjections, type RebuildProgress } from './rebuild/rebuild-projections.ts';

// `npm run audit:rebuild`: the projections replayed from the topics' start into fresh tables, then swapped in.
// The audit service may keep running meanwhile; it only pauses for the swap.

// Its own progress lines are what a person running it reads; the clients' info lines would bury them.
const logger = createLogger('audit-rebuild', 'warn');
const started = Date.now();

try {
  const config = loadConfig(projectionConfigSpec);
  const topics = tokenTopics(config.topicPrefix);
  const pool = createPool(config.databaseUrl, { applicationName: 'audit-rebuild' });
  const kafka = createKafkaClient({ clientId: 'audit-rebuild', brokers: config.kafkaBrokers, security: config.kafkaSecurity, logger });
  await Promise.all([assertReachable(pool, 'AUDIT_DATABASE_URL'), kafka.assertReachable('KAFKA_BROKERS')]);
  await migrate(pool, findUp(import.meta.dirname, 'migrations'), 'audit-service-migrations');
  await kafka.ensureTopics([topics.events, topics.usage].map((name) => ({ name, partitions: tokenTopicPartitions })));
  const admin = kafka.createAdmin();
  try {
    say(`rebuilding the audit projections from ${topics.events} and ${topics.usage}`);
    const { applied } = await rebuildProjections({ pool, kafka, admin, topics, consumerGroup: config.consumerGroup, onProgress: report });
    say(`done in ${seconds()} s: ${applied} messages applied; the replaced tables are in the schema ${previousSchema}`);
  } finally {
    await admin.disconnect();
    await pool.end();
  }
} catch (error) {
  exitIfCannotStart('audit rebuild', error);
  process.stderr.write(`audit rebuild failed: ${error instanceof Error ? error.message : String(error)}; the live projections are untouched\n`);
  process.exit(exitCodes.software);
}

function report({ phase, applied, total }: RebuildProgress): void {
  const percent = total === 0n ? 100 : Number((applied * 100n) / total);
  say(`${phase}: ${applied} of ${total} messages (${Math.min(percent, 100)}%), ${seconds()} s`);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function seconds(): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}
