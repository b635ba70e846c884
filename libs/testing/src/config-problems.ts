import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tessera/config';

/** The problems a configuration loader names, one a line; empty when it accepts the environment. */
export function configProblems(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

/**
 * Files that pass for a PEM certificate or key, for configuration tests: the settings check a file's label, and only
 * a TLS handshake reads further (the TLS tests use real ones, from makeTestCertificates).
 */
export function pemLookalikes() {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pem-'));
  const write = (name: string, label: string) => {
    const path = join(dir, name);
    writeFileSync(path, `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`);
    return path;
  };
  return {
    certificate: (name: string) => write(`${name}.pem`, 'CERTIFICATE'),
    key: (name: string) => write(`${name}.key`, 'PRIVATE KEY'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
