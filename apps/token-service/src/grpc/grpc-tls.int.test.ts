import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { TlsClientSettings, TlsServerSettings } from '@tessera/config';
import { loadTesseraProto, serviceSecretHeader, type ValidateRequest, type ValidateResponse } from '@tessera/contracts';
import { tlsServerPair } from '@tessera/testing';
import { createTokenServiceClient, TokenServiceUnavailable } from '@tessera/token-service-client';
import { startGrpcServer, type GrpcServer } from './grpc-server.ts';

const serviceSecret = 'a-service-secret-of-at-least-32-characters';
const client = { userAgent: 'tls-test', ip: '127.0.0.1' };

/** The token service's gRPC server, with a Validate that records each call's service secret and verified client certificate. */
async function startServer(tls: TlsServerSettings) {
  const secretsReceived: string[] = [];
  const clientCertificates: Array<string | undefined> = [];
  const { packageDefinition, tessera } = loadTesseraProto();
  const server = await startGrpcServer({
    address: { host: '127.0.0.1', port: 0 },
    tls,
    packageDefinition,
    services: [
      {
        name: 'tessera.v1.ValidationService',
        definition: tessera.ValidationService.service,
        handlers: {
          Validate: (call: ServerUnaryCall<ValidateRequest, ValidateResponse>, callback: sendUnaryData<ValidateResponse>) => {
            secretsReceived.push(String(call.metadata.get(serviceSecretHeader)[0]));
            const certificate = call.getAuthContext().sslPeerCertificate;
            clientCertificates.push(certificate && String(certificate.subject.CN));
            callback(null, { valid: false, code: 'MALFORMED' });
          },
        },
      },
    ],
  });
  server.setServing(true);
  return { server, secretsReceived, clientCertificates };
}

async function validateWith(server: GrpcServer, tls: TlsClientSettings | undefined) {
  // By name: TLS cannot name a server by IP address (the test certificate holds localhost).
  const tokenService = createTokenServiceClient({ host: 'localhost', port: server.port }, 3_000, serviceSecret, tls);
  try {
    return await tokenService.validate({ token: 'tst_probe' }, client);
  } finally {
    tokenService.close();
  }
}

const servers = tlsServerPair(startServer, ({ server }) => server.stop());

describe('the gRPC link over TLS', () => {
  const running = () => servers.tls;

  it('carries a call, service secret included, to a client that trusts the CA', async () => {
    const answer = await validateWith(running().server, { ca: servers.certs.cert('ca') });
    assert.equal(answer.code, 'MALFORMED');
    assert.deepEqual(running().secretsReceived, [serviceSecret]);
  });

  it('is refused by a client that trusts another CA, before the secret is sent', async () => {
    const before = running().secretsReceived.length;
    await assert.rejects(validateWith(running().server, { ca: servers.certs.cert('other-ca') }), TokenServiceUnavailable);
    assert.equal(running().secretsReceived.length, before);
  });

  it('answers no clear-text client', async () => {
    const before = running().secretsReceived.length;
    await assert.rejects(validateWith(running().server, undefined), TokenServiceUnavailable);
    assert.equal(running().secretsReceived.length, before);
  });
});

describe('the gRPC link with client certificates required (mTLS)', () => {
  const running = () => servers.mutual;

  it('carries a call from a client with a certificate the CA signed', async () => {
    const answer = await validateWith(running().server, { ca: servers.certs.cert('ca'), cert: servers.certs.cert('client'), key: servers.certs.key('client') });
    assert.equal(answer.code, 'MALFORMED');
    assert.deepEqual(running().secretsReceived, [serviceSecret]);
    assert.deepEqual(running().clientCertificates, ['client']);
  });

  it('refuses a client without a certificate, and one whose certificate another CA signed', async () => {
    const before = running().secretsReceived.length;
    await assert.rejects(validateWith(running().server, { ca: servers.certs.cert('ca') }), TokenServiceUnavailable);
    await assert.rejects(
      validateWith(running().server, { ca: servers.certs.cert('ca'), cert: servers.certs.cert('other-client'), key: servers.certs.key('other-client') }),
      TokenServiceUnavailable,
    );
    assert.equal(running().secretsReceived.length, before);
  });
});
