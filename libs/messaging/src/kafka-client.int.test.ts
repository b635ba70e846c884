import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StartupError } from '@tessera/config';
import { createLogger } from '@tessera/telemetry';
import { getInfrastructure, uniqueName, waitFor } from '@tessera/testing';
import { createKafkaClient, type IncomingMessage, type KafkaClient, type MessageConsumer, type MessageProducer } from './index.ts';

// 'fatal': one test publishes to a missing topic on purpose, and kafkajs logs each refusal as an error.
const logger = createLogger('messaging-test', 'fatal');

describe('Kafka client against the real broker', () => {
  let kafka: KafkaClient;
  let producer: MessageProducer;
  const consumers: MessageConsumer[] = [];

  before(async () => {
    const { kafkaBrokers } = await getInfrastructure();
    kafka = createKafkaClient({ clientId: uniqueName('test'), brokers: kafkaBrokers, logger });
    producer = await kafka.createProducer();
  });

  after(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer.disconnect();
  });

  it('creates topics explicitly, with their partitions, and again without error', async () => {
    const topic = uniqueName('topic');
    await kafka.ensureTopics([{ name: topic, partitions: 4 }]);
    await kafka.ensureTopics([{ name: topic, partitions: 4 }]);
    const received = await roundTrip(kafka, producer, consumers, topic, [{ key: 'k', value: 'hello' }]);
    assert.deepEqual(received.map((m) => m.value?.toString()), ['hello']);
  });

  it('delivers every message to a consumer group, in order for each key, with headers', async () => {
    const topic = uniqueName('topic');
    await kafka.ensureTopics([{ name: topic, partitions: 3 }]);
    const sent = Array.from({ length: 30 }, (_, i) => ({ key: `user-${i % 3}`, value: String(i), headers: { event_type: 'Test' } }));
    const received = await roundTrip(kafka, producer, consumers, topic, sent);
    assert.equal(received.length, sent.length);
    for (const key of ['user-0', 'user-1', 'user-2']) {
      const values = received.filter((m) => m.key === key).map((m) => Number(m.value?.toString()));
      assert.deepEqual(values, [...values].sort((a, b) => a - b), `messages of ${key} arrive in the order they were sent`);
      assert.equal(new Set(received.filter((m) => m.key === key).map((m) => m.partition)).size, 1, `one partition for ${key}`);
    }
    assert.ok(received.every((m) => m.headers['event_type'] === 'Test'));
  });

  it('tells how far each partition goes and which member of a group reads which partitions, and deletes a group', async () => {
    const topic = uniqueName('topic');
    await kafka.ensureTopics([{ name: topic, partitions: 2 }]);
    const groupId = uniqueName('group');
    const received: IncomingMessage[] = [];
    const consumer = await kafka.createConsumer({ groupId, topics: [topic], fromBeginning: true, handle: async ({ messages }) => void received.push(...messages) });
    await producer.send(topic, [{ key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'a', value: '3' }]);
    await waitFor(() => received.length === 3, { timeoutMs: 30_000, description: 'three messages' });
    const admin = kafka.createAdmin();
    try {
      const ends = await admin.endOffsets([topic]);
      assert.deepEqual(ends.map((end) => end.partition), [0, 1]);
      assert.equal(ends.reduce((sum, end) => sum + end.endOffset, 0n), 3n);
      assert.ok(ends.every((end) => end.startOffset === 0n), 'nothing deleted yet');
      const members = await admin.groupMembers(groupId);
      assert.equal(members.length, 1);
      assert.deepEqual(members[0]?.assignments, [{ topic, partitions: [0, 1] }]);
      await consumer.disconnect();
      await admin.deleteGroup(groupId);
      assert.deepEqual(await admin.groupMembers(groupId), []);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses to publish to a topic that was not created (no auto-creation)', async () => {
    await assert.rejects(producer.send(uniqueName('missing'), [{ key: 'k', value: 'v' }]));
  });

  it('names the setting when the broker cannot be reached', async () => {
    const unreachable = createKafkaClient({ clientId: 'test', brokers: ['127.0.0.1:1'], logger });
    await assert.rejects(unreachable.assertReachable('KAFKA_BROKERS'), (error: unknown) => {
      assert.ok(error instanceof StartupError);
      assert.match(error.message, /^KAFKA_BROKERS: cannot reach the Kafka broker \(127\.0\.0\.1:1\)/);
      return true;
    });
  });
});

async function roundTrip(
  kafka: KafkaClient,
  producer: MessageProducer,
  consumers: MessageConsumer[],
  topic: string,
  messages: Array<{ key: string; value: string; headers?: Record<string, string> }>,
): Promise<IncomingMessage[]> {
  const received: IncomingMessage[] = [];
  consumers.push(
    await kafka.createConsumer({
      groupId: uniqueName('group'),
      topics: [topic],
      fromBeginning: true,
      handle: async ({ messages: batch }) => void received.push(...batch),
    }),
  );
  await producer.send(topic, messages);
  await waitFor(() => received.length >= messages.length, { timeoutMs: 30_000, description: `${messages.length} messages on ${topic}` });
  return received;
}
