import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { Type } from 'typebox';
import type { TlsClientSettings, TlsServerSettings } from '@tessera/config';
import { serviceSecretHeader } from '@tessera/contracts';
import { createHttpServer, listen } from '@tessera/http';
import { tlsServerPair } from '@tessera/testing';
import { createTokenActivityClient } from './token-activity.client.ts';

const serviceSecret = 'a-service-secret-of-at-least-32-characters';
const lastUsedAt = '2026-01-02T03:04:05.000Z';

/** The audit service's HTTP server (libs/http), answering the gateway's activity query, recording each secret and client certificate. */
async function startAuditServer(tls: TlsServerSettings) {
  const secretsReceived: string[] = [];
  const clientCertificates: Array<string | undefined> = [];
  const app = createHttpServer({ service: 'audit-tls-test', readiness: [], tls });
  app.get(
    '/api/v1/activity/tokens',
    { schema: { querystring: Type.Object({ token_id: Type.Array(Type.String()) }) } },
    async (request) => {
      secretsReceived.push(String(request.headers[serviceSecretHeader]));
      const certificate = (request.raw.socket as TLSSocket).getPeerCertificate?.();
      clientCertificates.push(certificate?.subject && String(certificate.subject.CN));
      return { tokens: request.query.token_id.map((id) => ({ token_id: id, last_used_at: lastUsedAt })) };
    },
  );
  const url = await listen(app, { host: '127.0.0.1', port: 0 });
  return { app, url, secretsReceived, clientCertificates };
}

async function lastUsedVia(baseUrl: string, tls: TlsClientSettings) {
  const failures: string[] = [];
  const activity = createTokenActivityClient({ baseUrl, serviceSecret, timeoutMs: 3_000, tls, onUnavailable: (reason) => failures.push(reason) });
  return { answer: await activity.lastUsed(['tok_1']), failures };
}

const servers = tlsServerPair(startAuditServer, ({ app }) => app.close());

describe('the gateway → audit service link over TLS', () => {
  const audit = () => servers.tls;

  it('serves https, and answers a client that trusts the CA', async () => {
    assert.match(audit().url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const { answer, failures } = await lastUsedVia(audit().url, { ca: servers.certs.cert('ca') });
    assert.deepEqual([...(answer ?? [])], [['tok_1', lastUsedAt]]);
    assert.deepEqual(failures, []);
    assert.deepEqual(audit().secretsReceived, [serviceSecret]);
  });

  it('is refused by a client that does not trust the CA, before the secret is sent', async () => {
    const before = audit().secretsReceived.length;
    for (const tls of [{}, { ca: servers.certs.cert('other-ca') }]) {
      const { answer, failures } = await lastUsedVia(audit().url, tls);
      assert.equal(answer, undefined);
      assert.match(failures[0] ?? '', /certificate/);
    }
    assert.equal(audit().secretsReceived.length, before);
  });

  it('answers no clear-text client', async () => {
    const before = audit().secretsReceived.length;
    const { answer } = await lastUsedVia(audit().url.replace('https:', 'http:'), {});
    assert.equal(answer, undefined);
    assert.equal(audit().secretsReceived.length, before);
  });
});

describe('the gateway → audit service link with client certificates required (mTLS)', () => {
  const audit = () => servers.mutual;

  it('answers a client with a certificate the CA signed', async () => {
    const { answer } = await lastUsedVia(audit().url, { ca: servers.certs.cert('ca'), cert: servers.certs.cert('client'), key: servers.certs.key('client') });
    assert.deepEqual([...(answer ?? [])], [['tok_1', lastUsedAt]]);
    assert.deepEqual(audit().secretsReceived, [serviceSecret]);
    assert.deepEqual(audit().clientCertificates, ['client']);
  });

  it('refuses a client without a certificate, and one whose certificate another CA signed', async () => {
    const before = audit().secretsReceived.length;
    for (const tls of [{ ca: servers.certs.cert('ca') }, { ca: servers.certs.cert('ca'), cert: servers.certs.cert('other-client'), key: servers.certs.key('other-client') }]) {
      const { answer } = await lastUsedVia(audit().url, tls);
      assert.equal(answer, undefined);
    }
    assert.equal(audit().secretsReceived.length, before);
  });
});
