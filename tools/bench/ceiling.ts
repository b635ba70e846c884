// The ceilings `npm run bench` measures Tessera against, and its OTLP sink: each runs as a process of its own
// (BENCH_CEILING names which, BENCH_PORT where), started by the bench through @tessera/testing's startServiceProcess.
//   grpc   a no-op grpc-js server for tessera.v1.ValidationService, loaded with Tessera's own loader options,
//          answering one fixed valid response;
//   http   bare Fastify: one small JSON route on every path (it is also the proxy's upstream);
//   kafka  a bare kafkajs consumer that only JSON-parses the messages of BENCH_TOPICS in group BENCH_GROUP, and
//          answers GET /count with how many it parsed;
//   otlp   an OTLP/HTTP sink: 200 to every POST (/v1/traces, /v1/metrics), body discarded, so tracing runs as deployed.
import { createServer } from 'node:http';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { loadTesseraProto } from '@tessera/contracts';
import Fastify from 'fastify';
// The ceiling must be bare kafkajs, not @tessera/messaging: eslint.config.mjs allows this folder to import it.
import { Kafka, logLevel } from 'kafkajs';

const port = Number(process.env['BENCH_PORT']);
const kind = process.env['BENCH_CEILING'];

const validResponse = {
  valid: true,
  code: 'VALID',
  user: { id: 'usr_bench', username: 'bench', email: 'bench@example.com', first_name: '', last_name: '', roles: ['user'], active: true },
  token: {
    id: 'tok_bench', user_id: 'usr_bench', client_type: 'cli', user_agent: 'cli|bench', note: 'bench', masked: 'tst_bench***',
    created_at: '2026-01-01T00:00:00.000Z', expires_at: '2027-01-01T00:00:00.000Z', valid: true,
  },
  policy: '',
};

async function grpcCeiling(): Promise<void> {
  const { tessera } = loadTesseraProto();
  const server = new Server();
  server.addService(tessera.ValidationService.service, {
    Validate: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => callback(null, validResponse),
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  process.once('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
}

async function httpCeiling(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/*', async () => ({ ok: true, service: 'bench-upstream' }));
  await app.listen({ host: '127.0.0.1', port });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

async function kafkaCeiling(): Promise<void> {
  let parsed = 0;
  const kafka = new Kafka({ clientId: 'bench-bare-consumer', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: process.env['BENCH_GROUP'] ?? 'bench-bare' });
  await consumer.connect();
  await consumer.subscribe({ topics: (process.env['BENCH_TOPICS'] ?? '').split(','), fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) if (message.value && JSON.parse(message.value.toString())) parsed++;
    },
  });
  createServer((_request, response) => response.end(JSON.stringify({ parsed }))).listen(port, '127.0.0.1');
  process.once('SIGTERM', () => void consumer.disconnect().finally(() => process.exit(0)));
}

function otlpSink(): void {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  server.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

if (kind === 'grpc') await grpcCeiling();
else if (kind === 'http') await httpCeiling();
else if (kind === 'kafka') await kafkaCeiling();
else if (kind === 'otlp') otlpSink();
else throw new Error(`BENCH_CEILING must be grpc, http, kafka or otlp, got ${String(kind)}`);
