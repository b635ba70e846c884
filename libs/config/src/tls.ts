import { file, optional, type GroupReader, type Reader } from './readers.ts';

/** A server's certificate and key (PEM); with `clientCa`, every client must present a certificate it signed (mTLS). */
export interface TlsServerSettings {
  cert: Buffer;
  key: Buffer;
  clientCa?: Buffer;
}

/** What a client trusts (`ca`; unset: the system's CAs) and, for mTLS, the certificate and key it presents (PEM). */
export interface TlsClientSettings {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

type Read<T> = { ok: true; value: T } | { ok: false; problems: string[] };

// Checked here so that a swapped or wrong file is named by its variable, not by an OpenSSL error at the first connection.
const pemLabel = { CERT: /-----BEGIN CERTIFICATE-----/, CA: /-----BEGIN CERTIFICATE-----/, CLIENT_CA: /-----BEGIN CERTIFICATE-----/, KEY: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ };

function readFiles<const N extends keyof typeof pemLabel>(prefix: string, names: readonly N[], source: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const files = {} as Record<N, Buffer | undefined>;
  for (const name of names) {
    const reader: Reader<Buffer | undefined> = optional(file(`${prefix}_${name}`));
    const result = reader.read(source[reader.variable]);
    if (!result.ok) problems.push(result.problem);
    else if (result.value && !pemLabel[name].test(result.value.toString('latin1'))) {
      problems.push(`${reader.variable}: the file is not a PEM ${name === 'KEY' ? 'private key' : 'certificate'}.`);
    } else files[name] = result.value;
  }
  return { files, problems };
}

const pairProblem = (prefix: string, files: { CERT?: Buffer | undefined; KEY?: Buffer | undefined }) =>
  (files.CERT === undefined) !== (files.KEY === undefined) ? [`${prefix}_CERT and ${prefix}_KEY go together: set both or neither.`] : [];

/** `<prefix>_CERT`, `_KEY` and `_CLIENT_CA`, file paths; undefined when none is set (no TLS). */
export function tlsServer(prefix: string): GroupReader<TlsServerSettings | undefined> {
  const names = ['CERT', 'KEY', 'CLIENT_CA'] as const;
  return {
    variables: names.map((name) => `${prefix}_${name}`),
    readAll(source): Read<TlsServerSettings | undefined> {
      const { files, problems } = readFiles(prefix, names, source);
      problems.push(...pairProblem(prefix, files));
      if (files.CLIENT_CA && !files.CERT) problems.push(`${prefix}_CLIENT_CA needs ${prefix}_CERT and ${prefix}_KEY: client certificates are asked for over TLS only.`);
      if (problems.length > 0) return { ok: false, problems };
      if (!files.CERT || !files.KEY) return { ok: true, value: undefined };
      return { ok: true, value: { cert: files.CERT, key: files.KEY, ...(files.CLIENT_CA && { clientCa: files.CLIENT_CA }) } };
    },
  };
}

/** `<prefix>_CA`, `_CERT` and `_KEY`, file paths; whether the link uses TLS at all is the caller's to decide. */
export function tlsClient(prefix: string): GroupReader<TlsClientSettings> {
  const names = ['CA', 'CERT', 'KEY'] as const;
  return {
    variables: names.map((name) => `${prefix}_${name}`),
    readAll(source): Read<TlsClientSettings> {
      const { files, problems } = readFiles(prefix, names, source);
      problems.push(...pairProblem(prefix, files));
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, value: { ...(files.CA && { ca: files.CA }), ...(files.CERT && files.KEY && { cert: files.CERT, key: files.KEY }) } };
    },
  };
}
