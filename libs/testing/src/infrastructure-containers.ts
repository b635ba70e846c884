import { execFile } from 'node:child_process';
import type * as testcontainersModule from 'testcontainers';
import type { StartedTestContainer } from 'testcontainers';
import { freePort } from './ports.ts';

const dockerProbeTimeoutMs = 5_000;
const startupTimeoutMs = 180_000; // first runs pull the images

/** Whether a Docker engine answers `docker info` quickly; a CLI with no reachable daemon counts as no. */
export function probeDocker(): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    execFile('docker', ['info'], { timeout: dockerProbeTimeoutMs }, (error, _stdout, stderr) => {
      if (!error) resolve({ ok: true });
      else if ('code' in error && error.code === 'ENOENT') resolve({ ok: false, reason: 'docker CLI not found' });
      else if (error.killed) resolve({ ok: false, reason: `docker info gave no answer within ${dockerProbeTimeoutMs} ms` });
      else resolve({ ok: false, reason: `docker info failed: ${lastLine(stderr) || error.message}` });
    });
  });
}

/**
 * Starts PostgreSQL, Redis and a single-node KRaft Kafka. testcontainers' reaper removes them if this process
 * dies without calling stop().
 */
export async function startContainers(log: (line: string) => void): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  // Loaded here so runs that never start containers do not pay for loading testcontainers.
  const testcontainers = await import('testcontainers');
  const host = (await testcontainers.getContainerRuntimeClient()).info.containerRuntime.host;
  const kafkaPort = await freePort();
  const started = await Promise.allSettled([startPostgres(testcontainers), startRedis(testcontainers), startKafka(testcontainers, host, kafkaPort)]);
  const containers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(containers.map((container) => container.stop()));
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await stop();
    throw new Error('could not start the infrastructure containers', { cause: failure.reason });
  }
  const [postgres, redis] = containers as [StartedTestContainer, StartedTestContainer, StartedTestContainer];
  log(`infrastructure: containers started (postgres, redis, kafka on ${host}:${kafkaPort})`);
  return {
    env: {
      TESSERA_PG_ADMIN_URL: `postgres://tessera:tessera@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
      REDIS_URL: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
      KAFKA_BROKERS: `${host}:${kafkaPort}`,
    },
    stop,
  };
}

type Testcontainers = typeof testcontainersModule;

function startPostgres({ GenericContainer, Wait }: Testcontainers): Promise<StartedTestContainer> {
  return new GenericContainer('postgres:17-alpine')
    .withEnvironment({ POSTGRES_USER: 'tessera', POSTGRES_PASSWORD: 'tessera' })
    .withExposedPorts(5432)
    // The entrypoint starts a temporary server to initialise, then the real one: wait for the second.
    .withWaitStrategy(Wait.forAll([Wait.forLogMessage(/database system is ready to accept connections/, 2), Wait.forListeningPorts()]))
    .withStartupTimeout(startupTimeoutMs)
    .start();
}

function startRedis({ GenericContainer, Wait }: Testcontainers): Promise<StartedTestContainer> {
  return new GenericContainer('redis:7-alpine')
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .withStartupTimeout(startupTimeoutMs)
    .start();
}

/**
 * Kafka hands clients the advertised address, so it must be one the host can reach: the broker listens on
 * the same port inside and outside the container and advertises `host:port`. Broker-internal traffic uses a
 * separate listener on localhost so it works whatever `host` is.
 */
function startKafka({ GenericContainer, Wait }: Testcontainers, host: string, port: number): Promise<StartedTestContainer> {
  return new GenericContainer('apache/kafka:3.9.1')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_LISTENERS: `EXTERNAL://0.0.0.0:${port},BROKER://0.0.0.0:19092,CONTROLLER://0.0.0.0:9093`,
      KAFKA_ADVERTISED_LISTENERS: `EXTERNAL://${host}:${port},BROKER://localhost:19092`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'EXTERNAL:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withExposedPorts({ container: port, host: port })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(startupTimeoutMs)
    .start();
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
