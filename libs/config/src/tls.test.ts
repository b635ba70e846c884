import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, tlsClient, tlsServer } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tls-settings-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const pemFile = (name: string, label: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`);
  return path;
};
const cert = pemFile('cert.pem', 'CERTIFICATE');
const key = pemFile('key.pem', 'PRIVATE KEY');
const ca = pemFile('ca.pem', 'CERTIFICATE');

const problemsOf = (load: () => unknown) => {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
};

describe('tlsServer', () => {
  const spec = { tls: tlsServer('TOKEN_GRPC_TLS') };

  it('is off when nothing is set, and reads the files it is given', () => {
    assert.equal(loadConfig(spec, {}).tls, undefined);
    const tls = loadConfig(spec, { TOKEN_GRPC_TLS_CERT: cert, TOKEN_GRPC_TLS_KEY: key, TOKEN_GRPC_TLS_CLIENT_CA: ca }).tls;
    assert.match(tls?.cert.toString() ?? '', /BEGIN CERTIFICATE/);
    assert.match(tls?.key.toString() ?? '', /BEGIN PRIVATE KEY/);
    assert.ok(tls?.clientCa);
  });

  it('names a certificate without its key, and a client CA without a certificate', () => {
    assert.deepEqual(problemsOf(() => loadConfig(spec, { TOKEN_GRPC_TLS_CERT: cert })), [
      'TOKEN_GRPC_TLS_CERT and TOKEN_GRPC_TLS_KEY go together: set both or neither.',
    ]);
    assert.match(problemsOf(() => loadConfig(spec, { TOKEN_GRPC_TLS_CLIENT_CA: ca })).join('\n'), /TOKEN_GRPC_TLS_CLIENT_CA needs TOKEN_GRPC_TLS_CERT/);
  });

  it('names a missing file and a file of the wrong kind, never echoing a key', () => {
    const problems = problemsOf(() => loadConfig(spec, { TOKEN_GRPC_TLS_CERT: key, TOKEN_GRPC_TLS_KEY: join(dir, 'absent.key') }));
    assert.match(problems.join('\n'), /TOKEN_GRPC_TLS_CERT: the file is not a PEM certificate/);
    assert.match(problems.join('\n'), /TOKEN_GRPC_TLS_KEY \(got ".*absent\.key"\): cannot read the file \(ENOENT\)/);
    assert.doesNotMatch(problems.join('\n'), /MIIB/);
  });
});

describe('tlsClient', () => {
  const spec = { tls: tlsClient('AUDIT_SERVICE_TLS') };

  it('reads a CA alone, or with a certificate and key for mTLS', () => {
    assert.deepEqual(Object.keys(loadConfig(spec, {}).tls), []);
    assert.deepEqual(Object.keys(loadConfig(spec, { AUDIT_SERVICE_TLS_CA: ca }).tls), ['ca']);
    const mutual = loadConfig(spec, { AUDIT_SERVICE_TLS_CA: ca, AUDIT_SERVICE_TLS_CERT: cert, AUDIT_SERVICE_TLS_KEY: key }).tls;
    assert.deepEqual(Object.keys(mutual).sort(), ['ca', 'cert', 'key']);
  });

  it('names a key without its certificate', () => {
    assert.deepEqual(problemsOf(() => loadConfig(spec, { AUDIT_SERVICE_TLS_KEY: key })), [
      'AUDIT_SERVICE_TLS_CERT and AUDIT_SERVICE_TLS_KEY go together: set both or neither.',
    ]);
  });
});
