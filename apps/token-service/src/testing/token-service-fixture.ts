import { after, before } from 'node:test';
import { tokenTopics } from '@tessera/contracts';
import { createKafkaClient } from '@tessera/messaging';
import { createLogger } from '@tessera/telemetry';
import {
  freePort,
  getInfrastructure,
  grpcHealthStatus,
  startPlatform,
  startPrivateServer,
  tokenServiceClient,
  uniqueName,
  waitFor,
  type Platform,
  type PrivateServer,
  type TokenServiceTestClient,
} from '@tessera/testing';

export interface TokenServiceFixture {
  platform: Platform;
  rpc: TokenServiceTestClient;
  /** The private broker or cache the platform uses, when one was asked for. */
  own: PrivateServer;
}

/**
 * For a describe block: a token service as a process, started before its tests and stopped after them, with a
 * client. A block that stops Kafka or Redis asks for a private one (`own`): the shared ones serve other tests.
 * Its fields are set once the block's `before` has run.
 */
export function tokenServiceFixture(name: string, options: { env?: Record<string, string>; own?: 'kafka' | 'redis' } = {}): TokenServiceFixture {
  const fixture = {} as TokenServiceFixture;
  before(async () => {
    const { own } = options;
    if (own) fixture.own = await startPrivateServer(own);
    const ownEnv = own === undefined ? {} : { [own === 'kafka' ? 'KAFKA_BROKERS' : 'REDIS_URL']: fixture.own.address };
    fixture.platform = await startPlatform(name, { services: ['token-service'], env: { ...ownEnv, ...options.env } });
    fixture.rpc = tokenServiceClient(fixture.platform.urls.tokenService, fixture.platform.serviceSecret);
  });
  after(async () => {
    fixture.rpc?.close();
    await fixture.platform?.stop();
    await fixture.own?.dispose();
  });
  return fixture;
}

/** One more token service on the platform's databases, Redis and topics, once it serves, and a client of it (close it). */
export async function anotherTokenService(platform: Platform, env: Record<string, string> = {}) {
  const address = `127.0.0.1:${await freePort()}`;
  const running = await platform.startAnother('token-service', { TOKEN_GRPC_ADDRESS: address, ...env });
  await waitFor(async () => (await grpcHealthStatus(address)) === 'SERVING', { timeoutMs: 60_000, description: 'another token service to serve' });
  return { process: running, rpc: tokenServiceClient(address, platform.serviceSecret) };
}

export interface Published {
  topic: string;
  raw: string;
  message: Record<string, unknown> & { type: string; data: Record<string, unknown> };
}

/**
 * Everything the platform's token service publishes on the given topics, from the first message, as it arrives;
 * `brokers` when the platform has a private one.
 */
export async function publishedMessages(platform: Platform, which: ReadonlyArray<'events' | 'usage'>, brokers?: string[]) {
  // A private broker is one a test restarts, which answers with retriable errors for a while: not worth a line.
  const logger = createLogger('test', brokers ? 'fatal' : 'warn');
  const kafka = createKafkaClient({ clientId: uniqueName('published'), brokers: brokers ?? (await getInfrastructure()).kafkaBrokers, logger });
  const topics = tokenTopics(platform.prefix);
  const messages: Published[] = [];
  const consumer = await kafka.createConsumer({
    groupId: uniqueName('published'),
    topics: which.map((kind) => topics[kind]),
    fromBeginning: true,
    handle: async ({ topic, messages: batch }) => {
      for (const m of batch) messages.push({ topic, raw: m.value!.toString(), message: JSON.parse(m.value!.toString()) });
    },
  });
  return { messages, disconnect: () => consumer.disconnect() };
}
