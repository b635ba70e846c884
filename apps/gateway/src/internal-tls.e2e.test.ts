import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import {
  freePort,
  gatewayLogin,
  grpcHealthStatus,
  makeTestCertificates,
  startPlatform,
  startupFailure,
  waitFor,
  type Platform,
  type TestCertificates,
} from '@tessera/testing';
import { createTokenServiceClient } from '@tessera/token-service-client';

/** GET over https, trusting only the test CA; the status, or the error that stopped it. */
const httpsStatus = (url: string, ca: Buffer) =>
  new Promise<number | string>((resolve) => {
    request(url, { ca }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', (error) => resolve(error.message))
      .end();
  });

describe('the services run outside development mode over TLS: gRPC with mTLS, the gateway → audit service link with TLS', () => {
  let platform: Platform;
  let certs: TestCertificates;
  let gateway: string;
  const ports = { grpc: 0, audit: 0, gateway: 0 };
  const production = { TESSERA_DEV_MODE: 'false' };
  let asClient: Record<string, string>;

  before(async () => {
    // The shared databases and settings only; each service starts here with TLS settings of its own.
    platform = await startPlatform('internal_tls', { services: [] });
    certs = await makeTestCertificates();
    ports.grpc = await freePort();
    ports.gateway = await freePort();
    ports.audit = Number(new URL(platform.urls.audit).port);
    asClient = { TOKEN_SERVICE_ADDRESS: `localhost:${ports.grpc}`, TOKEN_SERVICE_TLS_CA: certs.certPath('ca'), TOKEN_SERVICE_TLS_CERT: certs.certPath('client'), TOKEN_SERVICE_TLS_KEY: certs.keyPath('client') };
    const server = { CERT: certs.certPath('server'), KEY: certs.keyPath('server') };

    await platform.startAnother('token-service', {
      ...production,
      TOKEN_GRPC_ADDRESS: `127.0.0.1:${ports.grpc}`,
      TOKEN_GRPC_TLS_CERT: server.CERT,
      TOKEN_GRPC_TLS_KEY: server.KEY,
      TOKEN_GRPC_TLS_CLIENT_CA: certs.certPath('ca'),
    });
    const probe = createTokenServiceClient({ host: 'localhost', port: ports.grpc }, 2_000, platform.serviceSecret, {
      ca: certs.cert('ca'),
      cert: certs.cert('client'),
      key: certs.key('client'),
    });
    try {
      await waitFor(() => probe.checkServing().then(() => true, () => false), { timeoutMs: 60_000, description: 'the token service over mTLS' });
    } finally {
      probe.close();
    }
    // At the platform's audit address (not given here, so that startAnother does not probe it over http).
    await platform.startAnother('audit-service', { ...production, ...asClient, AUDIT_HTTP_TLS_CERT: server.CERT, AUDIT_HTTP_TLS_KEY: server.KEY });
    await waitFor(async () => (await httpsStatus(`https://localhost:${ports.audit}/readyz`, certs.cert('ca'))) === 200, {
      timeoutMs: 60_000,
      description: 'the audit service over TLS',
    });
    gateway = `http://127.0.0.1:${ports.gateway}`;
    await platform.startAnother('gateway', {
      ...production,
      ...asClient,
      GATEWAY_HTTP_ADDRESS: `127.0.0.1:${ports.gateway}`,
      AUDIT_SERVICE_URL: `https://localhost:${ports.audit}`,
      AUDIT_SERVICE_TLS_CA: certs.certPath('ca'),
    });
  });

  after(async () => {
    await platform?.stop();
    await certs?.remove();
  });

  it('signs in through the gateway (a password over mTLS) and lists tokens with last use from the audit service (over TLS)', async () => {
    const token = await gatewayLogin(gateway);
    const listed = await fetch(`${gateway}/api/v1/auth/tokens/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(listed.status, 200);
    const tokens = (await listed.json()) as Array<{ last_used_at: string | null }>;
    assert.ok(tokens.length >= 1);
    // "unknown" is what the gateway shows when its call to the audit service failed.
    assert.ok(tokens.every((t) => t.last_used_at !== 'unknown'), JSON.stringify(tokens));
  });

  it('stops a gateway that does not trust the token service\'s certificate, naming the TLS settings', async () => {
    const result = startupFailure('gateway', {
      ...platform.env,
      ...production,
      ...asClient,
      TOKEN_SERVICE_TLS_CA: certs.certPath('other-ca'),
      GATEWAY_HTTP_ADDRESS: `127.0.0.1:${await freePort()}`,
      AUDIT_SERVICE_URL: `https://localhost:${ports.audit}`,
    });
    assert.equal(result.status, 69);
    assert.match(result.stderr, /TOKEN_SERVICE_ADDRESS: not reachable at localhost:\d+ over TLS \(or its certificate is not one TOKEN_SERVICE_TLS_CA signed/);
  });

  it('answers no clear-text client on either link', async () => {
    assert.equal(await grpcHealthStatus(`127.0.0.1:${ports.grpc}`), undefined);
    await assert.rejects(fetch(`http://127.0.0.1:${ports.audit}/readyz`));
  });
});
