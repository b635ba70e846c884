import { AssignerProtocol, Kafka, logLevel, Partitioners, type Admin, type Consumer, type EachBatchPayload, type LogEntry, type Producer } from 'kafkajs';
import pRetry from 'p-retry';
import type { Logger } from '@tessera/telemetry';
import { withDeadline } from '@tessera/config';
import { kafkaConnectionOptions, type KafkaSecurity } from './kafka-security.ts';

// The one module that knows the Kafka client library: replacing kafkajs means rewriting this folder only.

export interface OutgoingMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface MessageProducer {
  /** Resolves once every in-sync replica has the messages (acks = all), or rejects. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface MessageConsumer {
  /** What the consumer is doing now: whether it consumes, and whether it is stuck. */
  status(): ConsumerStatus;
  disconnect(): Promise<void>;
}

export interface ConsumerStatus {
  /**
   * `joining` while it connects or (re)joins its group (at start, in a rebalance, after a crash it restarts from);
   * `consuming` once a member of the group; `stopped` after a crash it does not restart from, or a disconnect.
   */
  state: 'joining' | 'consuming' | 'stopped';
  /**
   * When it began to join again after having been a member (a rebalance, a crash it restarts from); undefined while a
   * member, and before it first joins.
   */
  rejoiningSince: number | undefined;
  /**
   * When the consumer last ended a fetch round or a heartbeat (epoch milliseconds); undefined before the first. A member
   * with no partitions ends its rounds without asking a broker, so this says the consumer's loop is alive; heartbeats
   * say a broker answers.
   */
  lastContactAt: number | undefined;
  /** When the batch being handled was handed over (epoch milliseconds); undefined between batches. */
  handlingSince: number | undefined;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

/**
 * Hands each batch to `handle` together with the partition it came from; offsets are committed only after `handle`
 * resolves, so a crash mid-batch redelivers the batch (consumers must be idempotent) and loses nothing.
 */
export type BatchHandler = (batch: { topic: string; partition: number; messages: IncomingMessage[] }) => Promise<void>;

export interface PartitionEnd {
  topic: string;
  partition: number;
  /** The offset the next message written to the partition will get (Kafka's high watermark). */
  endOffset: bigint;
  /** The oldest offset still kept: above 0 once retention has deleted the partition's first messages. */
  startOffset: bigint;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignments: Array<{ topic: string; partitions: number[] }>;
}

/** What ops ask of the cluster: how far the topics go, and who in a consumer group reads which partitions. */
export interface KafkaAdmin {
  endOffsets(topics: readonly string[]): Promise<PartitionEnd[]>;
  groupMembers(groupId: string): Promise<GroupMember[]>;
  deleteGroup(groupId: string): Promise<void>;
  disconnect(): Promise<void>;
}

export interface KafkaClient {
  assertReachable(setting: string): Promise<void>;
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Connects on first use, and again after the broker went away. */
  createAdmin(): KafkaAdmin;
  createProducer(): Promise<MessageProducer>;
  createConsumer(options: { groupId: string; topics: readonly string[]; fromBeginning: boolean; handle: BatchHandler }): Promise<MessageConsumer>;
}

export function createKafkaClient(options: { clientId: string; brokers: readonly string[]; security?: KafkaSecurity; logger: Logger }): KafkaClient {
  const connection = kafkaConnectionOptions(options.security ?? {});
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...connection,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => logKafka(options.logger, entry),
  });

  return {
    async assertReachable(setting) {
      // One quick attempt: an unreachable broker must stop start-up promptly, not after a long retry schedule.
      const probe = new Kafka({ clientId: options.clientId, brokers: [...options.brokers], ...connection, connectionTimeout: 3_000, retry: { retries: 0 }, logLevel: logLevel.NOTHING });
      const admin = probe.admin();
      await withDeadline(setting, `the Kafka broker (${options.brokers.join(', ')})`, 10_000, async () => {
        try {
          await admin.connect();
          await admin.describeCluster();
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      });
    },

    async ensureTopics(topics) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        // Two services may create the same topics at once, on a broker that has just started: until the metadata has
        // settled, Kafka answers with retriable errors ("does not host this topic-partition"). Ask again.
        await pRetry(() => createMissing(admin, topics), {
          retries: 9,
          minTimeout: 200,
          maxTimeout: 2_000,
          randomize: true,
          shouldRetry: ({ error }) => (error as { retriable?: boolean }).retriable === true,
        });
      } finally {
        await admin.disconnect();
      }
    },

    createAdmin() {
      const admin = kafka.admin();
      let connected: Promise<void> | undefined;
      const ready = async () => {
        connected ??= admin.connect().catch((error: unknown) => {
          connected = undefined;
          throw error;
        });
        await connected;
      };
      return {
        async endOffsets(topics) {
          await ready();
          const ends = await Promise.all(
            topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, endOffset: BigInt(p.high), startOffset: BigInt(p.low) }))),
          );
          return ends.flat().sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
        },
        async groupMembers(groupId) {
          await ready();
          const { groups } = await admin.describeGroups([groupId]);
          return (groups[0]?.members ?? []).map((member) => ({
            memberId: member.memberId,
            clientId: member.clientId,
            host: member.clientHost,
            assignments: assignmentsOf(member.memberAssignment),
          }));
        },
        async deleteGroup(groupId) {
          await ready();
          await admin.deleteGroups([groupId]);
        },
        disconnect: () => admin.disconnect(),
      };
    },

    async createProducer() {
      // Not kafkajs' idempotent mode: it needs unbounded retries, which would stall the caller while Kafka is away.
      // Callers retry themselves (the outbox relay) and consumers drop repeats by event id; one request in flight
      // keeps each partition's messages in the order they were sent.
      const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
      await producer.connect();
      return {
        async send(topic, messages) {
          await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ ...m })) });
        },
        disconnect: () => producer.disconnect(),
      };
    },

    async createConsumer({ groupId, topics, fromBeginning, handle }) {
      // A short fetch wait bounds how long a disconnect waits for the fetch in flight, so services stop promptly.
      const consumer: Consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1_000 });
      const status: ConsumerStatus = { state: 'joining', rejoiningSince: undefined, lastContactAt: undefined, handlingSince: undefined };
      const rejoin = () => {
        status.state = 'joining';
        status.rejoiningSince ??= Date.now();
      };
      const { GROUP_JOIN, REBALANCING, CRASH, STOP, DISCONNECT, FETCH, HEARTBEAT } = consumer.events;
      consumer.on(GROUP_JOIN, () => {
        status.state = 'consuming';
        status.rejoiningSince = undefined;
      });
      consumer.on(REBALANCING, rejoin);
      consumer.on(CRASH, ({ payload }) => (payload.restart ? rejoin() : void (status.state = 'stopped')));
      for (const event of [STOP, DISCONNECT]) consumer.on(event, () => void (status.state = 'stopped'));
      for (const event of [FETCH, HEARTBEAT]) consumer.on(event, () => void (status.lastContactAt = Date.now()));
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning });
      await consumer.run({
        // Only offsets resolved after `handle` succeeded are ever committed.
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }: EachBatchPayload) => {
          if (!isRunning() || isStale() || batch.messages.length === 0) return;
          status.handlingSince = Date.now();
          try {
            await handle({
              topic: batch.topic,
              partition: batch.partition,
              messages: batch.messages.map((m) => ({
                topic: batch.topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key?.toString() ?? null,
                value: m.value,
                headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v ?? '')])),
              })),
            });
          } finally {
            status.handlingSince = undefined;
          }
          resolveOffset(batch.lastOffset());
          await commitOffsetsIfNecessary();
          await heartbeat();
        },
      });
      return { status: () => ({ ...status }), disconnect: () => consumer.disconnect() };
    },
  };
}

function assignmentsOf(encoded: Buffer): GroupMember['assignments'] {
  // A member still joining has an empty assignment.
  if (encoded.length === 0) return [];
  const decoded = AssignerProtocol.MemberAssignment.decode(encoded);
  return Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
}

async function createMissing(admin: Admin, topics: readonly TopicSpec[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })) });
  }
  // Created is not yet served: a broker that has just made a topic may still answer the next metadata request (a
  // consumer's subscribe) with "does not host this topic-partition". Done once it describes every partition with a
  // leader; until then the caller asks again.
  const { topics: described } = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.name) });
  if (described.some((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0))) {
    throw Object.assign(new Error('the topics are created but not yet served by every partition leader'), { retriable: true });
  }
}

function logKafka(logger: Logger, { level, log }: LogEntry): void {
  const { message, ...rest } = log;
  const fields = { kafka: rest };
  if (level === logLevel.ERROR) logger.error(fields, message);
  else if (level === logLevel.WARN) logger.warn(fields, message);
  else logger.debug(fields, message);
}
