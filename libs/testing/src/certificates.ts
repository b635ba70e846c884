import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './command.ts';
import { repoRoot } from './repo-root.ts';

const makeCerts = join(repoRoot, 'infra/tls/make-certs');

/**
 * `ca` signed `server` (for localhost and 127.0.0.1) and `client`; `other-ca`, which nothing trusts, signed
 * `other-client`. Each is `<name>.pem` with `<name>.key`.
 */
export type TestCertificateName = 'ca' | 'server' | 'client' | 'other-ca' | 'other-client';

/** A private CA and the certificates it signed, made for one test by the script compose uses, in a fresh directory. */
export async function makeTestCertificates() {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-tls-'));
  const steps = [
    ['ca', dir, 'ca'],
    ['server', dir, 'ca', 'server', 'DNS:localhost,IP:127.0.0.1'],
    ['client', dir, 'ca', 'client'],
    ['ca', dir, 'other-ca'],
    ['client', dir, 'other-ca', 'other-client'],
  ];
  for (const step of steps) {
    const result = await runCommand('sh', [makeCerts, ...step]);
    if (result.status !== 0) throw new Error(`make-certs ${step.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  const certPath = (name: TestCertificateName) => join(dir, `${name}.pem`);
  const keyPath = (name: TestCertificateName) => join(dir, `${name}.key`);
  return {
    certPath,
    keyPath,
    cert: (name: TestCertificateName) => readFileSync(certPath(name)),
    key: (name: TestCertificateName) => readFileSync(keyPath(name)),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export type TestCertificates = Awaited<ReturnType<typeof makeTestCertificates>>;
