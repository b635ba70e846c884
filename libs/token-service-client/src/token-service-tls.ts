import { isIP } from 'node:net';
import { ConfigError, tlsClient, type GroupReader, type HostPort, type TlsClientSettings } from '@tessera/config';

const settings = tlsClient('TOKEN_SERVICE_TLS');

/**
 * How the gateway and the audit service reach the token service: over TLS when TOKEN_SERVICE_TLS_CA is set (the
 * internal CA, trusted alone: the system's CAs are not asked), with TOKEN_SERVICE_TLS_CERT and _KEY for mTLS;
 * undefined is clear text.
 */
export const tokenServiceTls: GroupReader<TlsClientSettings | undefined> = {
  variables: settings.variables,
  readAll(source) {
    const result = settings.readAll(source);
    if (!result.ok || result.value.ca) return result;
    if (result.value.cert) return { ok: false, problems: ['TOKEN_SERVICE_TLS_CERT and _KEY need TOKEN_SERVICE_TLS_CA: a client certificate is sent over TLS only.'] };
    return { ok: true, value: undefined };
  },
};

export const tokenServicePlaintext =
  'TOKEN_SERVICE_TLS_CA is not set, so calls to the token service would carry passwords, tokens and the service secret in clear text: set it (and TOKEN_SERVICE_TLS_CERT and _KEY where the token service asks for client certificates)';

/** A TLS client names the server it expects by DNS name (SNI); gRPC cannot send an IP address there. */
export function refuseTlsToIpAddress(address: HostPort, tls: TlsClientSettings | undefined): void {
  if (tls && isIP(address.host) !== 0) {
    throw new ConfigError([`TOKEN_SERVICE_ADDRESS (got "${address.host}"): over TLS, name the token service by a DNS name its certificate holds (e.g. localhost, not 127.0.0.1).`]);
  }
}
