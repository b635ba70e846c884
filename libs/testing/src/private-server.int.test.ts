import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createKafkaClient, type IncomingMessage } from '@tessera/messaging';
import { createLogger } from '@tessera/telemetry';
import { startPrivateServer, type PrivateServer } from './private-server.ts';
import { uniqueName } from './unique.ts';
import { waitFor } from './wait.ts';

// 'fatal': the broker is stopped on purpose, and kafkajs would log every refused connection.
const logger = createLogger('private-server-test', 'fatal');

describe('startPrivateServer', () => {
  const servers: PrivateServer[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.dispose()));
  });

  it('gives a Redis of its own that can be stopped and started again with its data', async () => {
    const redis = await startPrivateServer('redis');
    servers.push(redis);
    assert.match(redis.address, /^redis:\/\/tessera:[0-9a-f]{48}@127\.0\.0\.1:\d+$/);
    assert.equal(await redisCommand(redis.address, (client) => client.ping()), 'PONG');
    const anonymous = new URL(redis.address);
    anonymous.username = anonymous.password = '';
    await assert.rejects(redisCommand(anonymous.href, (client) => client.ping()), /NOAUTH/, 'the password is required');
    const key = uniqueName('key');
    await redisCommand(redis.address, (client) => client.set(key, 'kept'));

    await redis.stop();
    await assert.rejects(redisCommand(redis.address, (client) => client.ping()), /ECONNREFUSED/);

    await redis.start();
    assert.equal(await redisCommand(redis.address, (client) => client.ping()), 'PONG');
    assert.equal(await redisCommand(redis.address, (client) => client.get(key)), 'kept', 'data survives a restart');

    await redis.dispose();
    await assert.rejects(redisCommand(redis.address, (client) => client.ping()), /ECONNREFUSED/);
    await redis.dispose(); // a second dispose (e.g. from an after hook) is harmless
  });

  it('gives a Kafka broker of its own whose topics and messages survive a restart', async () => {
    const broker = await startPrivateServer('kafka');
    servers.push(broker);
    assert.match(broker.address, /^127\.0\.0\.1:\d+$/);
    const kafka = createKafkaClient({ clientId: uniqueName('test'), brokers: [broker.address], logger });
    await kafka.assertReachable('private broker');
    const topic = uniqueName('topic');
    await kafka.ensureTopics([{ name: topic, partitions: 1 }]);
    const producer = await kafka.createProducer();
    await producer.send(topic, [{ key: 'k', value: 'before the outage' }]);
    await producer.disconnect();

    await broker.stop();
    await assert.rejects(kafka.assertReachable('private broker'));

    await broker.start();
    await kafka.assertReachable('private broker');
    // The broker does not create topics on demand, so a send succeeds only if the topic came back.
    const again = await kafka.createProducer();
    await again.send(topic, [{ key: 'k', value: 'after the outage' }]);
    await again.disconnect();
    const received: IncomingMessage[] = [];
    const consumer = await kafka.createConsumer({
      groupId: uniqueName('group'),
      topics: [topic],
      fromBeginning: true,
      handle: async ({ messages }) => void received.push(...messages),
    });
    try {
      await waitFor(() => received.length >= 2, { timeoutMs: 30_000, description: `both messages on ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    assert.deepEqual(received.map((m) => m.value?.toString()), ['before the outage', 'after the outage']);

    await broker.dispose();
    await assert.rejects(kafka.assertReachable('private broker'));
  });
});

/** One command on a fresh connection that fails at once (no retries, no offline queue) when Redis is away. */
async function redisCommand<T>(url: string, command: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let failure: Error | undefined;
  client.on('error', (error: Error) => (failure ??= error)); // e.g. ECONNREFUSED, where connect() only says "closed"
  try {
    await client.connect().catch((error: unknown) => {
      throw failure ?? error;
    });
    return await command(client);
  } finally {
    client.disconnect();
  }
}
