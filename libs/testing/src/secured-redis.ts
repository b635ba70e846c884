import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from './command.ts';
import { freePort } from './ports.ts';
import { waitFor } from './wait.ts';

export interface SecuredRedis {
  /** `redis://tessera:<password>@127.0.0.1:<port>`: AUTH as an ACL user, no TLS. */
  url: string;
  /** `rediss://tessera:<password>@127.0.0.1:<tls port>`: AUTH over TLS, with a certificate from `caFile`'s CA. */
  tlsUrl: string;
  password: string;
  /** The PEM of the CA that signed the server's certificate, and the file that holds it (for REDIS_TLS_CA_FILE). */
  ca: string;
  caFile: string;
  /** The PEM of another CA, which signed nothing this server presents. */
  otherCa: string;
  stop(): void;
}

/**
 * A redis-server of the test's own that admits only the ACL user `tessera`, with a password and certificates
 * made for this run, on a plain port and a TLS port. The shared Redis has neither, and must not be restarted.
 */
export async function startSecuredRedis(): Promise<SecuredRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-redis-'));
  const password = randomBytes(24).toString('hex');
  const ca = await makeCertificates(dir, 'ca', 'server');
  const otherCa = await makeCertificates(dir, 'other-ca');
  const [port, tlsPort] = [await freePort(), await freePort()];
  // The configuration goes in on standard input, so the password is in no process's arguments.
  const server = spawn('redis-server', ['-'], { stdio: ['pipe', 'ignore', 'inherit'] });
  server.stdin.end(
    [
      'bind 127.0.0.1',
      `port ${port}`,
      `tls-port ${tlsPort}`,
      `tls-cert-file ${path.join(dir, 'server.crt')}`,
      `tls-key-file ${path.join(dir, 'server.key')}`,
      `tls-ca-cert-file ${path.join(dir, 'ca.crt')}`,
      'tls-auth-clients no',
      'save ""',
      'appendonly no',
      'user default off',
      `user tessera on >${password} ~* &* +@all`,
    ].join('\n'),
  );
  const stop = () => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (server.exitCode !== null) throw new Error(`redis-server exited with code ${server.exitCode}`);
        const ping = await runCommand('redis-cli', ['--no-auth-warning', '--user', 'tessera', '-p', String(port), 'ping'], { env: { REDISCLI_AUTH: password } });
        return ping.stdout.trim() === 'PONG';
      },
      { timeoutMs: 15_000, description: 'the test redis-server answering' },
    );
  } catch (error) {
    stop();
    throw error;
  }
  return {
    url: `redis://tessera:${password}@127.0.0.1:${port}`,
    tlsUrl: `rediss://tessera:${password}@127.0.0.1:${tlsPort}`,
    password,
    ca,
    caFile: path.join(dir, 'ca.crt'),
    otherCa,
    stop,
  };
}

/** A self-signed CA in `<name>.crt`, and with `server`, a certificate it signed for 127.0.0.1 and localhost. Returns the CA's PEM. */
async function makeCertificates(dir: string, name: string, server?: string): Promise<string> {
  const openssl = async (...args: string[]) => {
    const result = await runCommand('openssl', args, { timeoutMs: 30_000 });
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  };
  const file = (base: string) => path.join(dir, base);
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl('req', '-x509', ...newKey, '-days', '1', '-subj', `/CN=${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`));
  if (server) {
    writeFileSync(file(`${server}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await openssl('req', ...newKey, '-subj', `/CN=${server}`, '-keyout', file(`${server}.key`), '-out', file(`${server}.csr`));
    await openssl('x509', '-req', '-in', file(`${server}.csr`), '-CA', file(`${name}.crt`), '-CAkey', file(`${name}.key`),
      '-CAcreateserial', '-days', '1', '-extfile', file(`${server}.ext`), '-out', file(`${server}.crt`));
  }
  return readFileSync(file(`${name}.crt`), 'utf8');
}
