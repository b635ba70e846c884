import { after, before } from 'node:test';
import type { TlsServerSettings } from '@tessera/config';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';

export interface TlsServerPair<S> {
  certs: TestCertificates;
  /** Serves the test CA's server certificate. */
  tls: S;
  /** The same, and asks every client for a certificate the test CA signed. */
  mutual: S;
}

/**
 * For a test file or block: test certificates, and two servers started with them before its tests (one over TLS,
 * one over mutual TLS), stopped, and the certificates removed, after them. Its fields are set once `before` has run.
 */
export function tlsServerPair<S>(start: (tls: TlsServerSettings) => Promise<S>, stop: (server: S) => Promise<unknown>): TlsServerPair<S> {
  const pair = {} as TlsServerPair<S>;
  before(async () => {
    pair.certs = await makeTestCertificates();
    const tls = { cert: pair.certs.cert('server'), key: pair.certs.key('server') };
    pair.tls = await start(tls);
    pair.mutual = await start({ ...tls, clientCa: pair.certs.cert('ca') });
  });
  after(async () => {
    await Promise.all([pair.tls, pair.mutual].filter((server) => server !== undefined).map(stop));
    await pair.certs?.remove();
  });
  return pair;
}
