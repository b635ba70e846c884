import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { bootstrapAdmin, freePort, startPlatform, waitFor, type Platform, type ServiceName } from '@tessera/testing';

/** Stands in for an OpenTelemetry collector: records which service sent what to which OTLP/HTTP path. */
function startOtlpReceiver(port: number): { server: Server; received: Array<{ path: string; body: Buffer }> } {
  const received: Array<{ path: string; body: Buffer }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.listen(port, '127.0.0.1');
  return { server, received };
}

describe('every service exports OpenTelemetry traces and metrics over OTLP', () => {
  let platform: Platform;
  let receiver: ReturnType<typeof startOtlpReceiver>;

  before(async () => {
    const port = await freePort();
    receiver = startOtlpReceiver(port);
    platform = await startPlatform('otel', {
      services: ['token-service', 'audit-service', 'gateway'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_METRIC_EXPORT_INTERVAL: '300', OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  });

  after(async () => {
    await platform?.stop();
    receiver?.server.close();
  });

  it('sends spans and metrics of the gateway, the token service and the audit service', async () => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: bootstrapAdmin.username, password: bootstrapAdmin.password }),
    });
    assert.equal(response.status, 200);

    const sent = (path: string, service: ServiceName) =>
      receiver.received.some((r) => r.path === path && r.body.includes(Buffer.from(service)));
    for (const service of ['gateway', 'token-service', 'audit-service'] as const) {
      await waitFor(() => sent('/v1/traces', service) && sent('/v1/metrics', service), {
        timeoutMs: 20_000,
        description: `traces and metrics from ${service}`,
      });
    }
    const gatewayMetrics = receiver.received.filter((r) => r.path === '/v1/metrics' && r.body.includes(Buffer.from('gateway')));
    assert.ok(gatewayMetrics.some((r) => r.body.includes(Buffer.from('http.server.request.duration'))));
  });
});
