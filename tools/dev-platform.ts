// `npm start`: runs the three services as child processes, waits until each is ready, prints where they are,
// and on Ctrl-C (or when any service dies) stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { serviceProcessEnvironment } from '@tessera/config';
import { grpcHealthStatus, repoRoot, waitFor } from '@tessera/testing';

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...serviceProcessEnvironment(),
  // The services' shared secret: a fresh one per start unless given, so no development default ever leaks into use.
  TESSERA_SERVICE_SECRET: process.env['TESSERA_SERVICE_SECRET'] ?? randomBytes(32).toString('hex'),
  // What the previous start cached in Redis fails the new key's check: read again from PostgreSQL, with an alert.
  VALIDATION_CACHE_HMAC_KEY: process.env['VALIDATION_CACHE_HMAC_KEY'] ?? randomBytes(32).toString('hex'),
  TESSERA_BOOTSTRAP_ADMIN_USERNAME: process.env['TESSERA_BOOTSTRAP_ADMIN_USERNAME'] ?? 'admin',
  TESSERA_BOOTSTRAP_ADMIN_PASSWORD: process.env['TESSERA_BOOTSTRAP_ADMIN_PASSWORD'] ?? 'tessera-dev-admin',
  // A developer's machine: the published admin password and clear text between the services are allowed here only.
  TESSERA_DEV_MODE: process.env['TESSERA_DEV_MODE'] ?? 'true',
};
const addresses = {
  gateway: env['GATEWAY_HTTP_ADDRESS'] ?? '127.0.0.1:8080',
  token: env['TOKEN_GRPC_ADDRESS'] ?? '127.0.0.1:50051',
  audit: env['AUDIT_HTTP_ADDRESS'] ?? '127.0.0.1:8081',
};
env['TOKEN_SERVICE_ADDRESS'] ??= addresses.token;
env['AUDIT_SERVICE_URL'] ??= `http://${addresses.audit}`;

const children = new Map<string, ChildProcess>();
let stopping = false;

function start(name: string): void {
  const child = spawn(process.execPath, [join(repoRoot, 'apps', name, 'src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `${name.padEnd(13)} | `;
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => process.stdout.write(chunk.replace(/^(?=.)/gm, prefix)));
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`\n${name} exited (${signal ?? `code ${code}`}); stopping the platform.`);
      void stopAll(1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(name, child);
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.exitCode = exitCode;
  if (children.size === 0) process.exit(exitCode);
  for (const child of children.values()) child.kill('SIGTERM');
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const httpReady = (address: string) => async () => (await fetch(`http://${address}/readyz`).catch(() => undefined))?.ok === true;

try {
  start('token-service');
  start('audit-service');
  await waitFor(async () => (await grpcHealthStatus(addresses.token)) === 'SERVING', {
    timeoutMs: 60_000,
    description: `the token service SERVING on ${addresses.token}`,
  });
  start('gateway');
  await waitFor(httpReady(addresses.gateway), { timeoutMs: 60_000, description: `the gateway on ${addresses.gateway}` });
  await waitFor(httpReady(addresses.audit), { timeoutMs: 60_000, description: `the audit service on ${addresses.audit}` });
} catch (error) {
  console.error(`\nTessera did not start: ${(error as Error).message}. Its log is above.`);
  await stopAll(1);
  await new Promise(() => undefined); // exits when the last service has stopped
}

console.log(`
Tessera is running. Ctrl-C stops it.
  gateway (HTTP)        http://${addresses.gateway}      e.g. curl -X POST http://${addresses.gateway}/api/v1/auth/login/ -d username=${env.TESSERA_BOOTSTRAP_ADMIN_USERNAME} -d password=…
  token service (gRPC)  ${addresses.token}          health and reflection on, e.g. grpcurl -plaintext ${addresses.token} list
  web console           http://${addresses.gateway}/console   (sign in with a username or email and password)
  audit service (HTTP)  http://${addresses.audit}/readyz
  ops dashboard         http://${addresses.audit}/dashboard   (sign in with an admin token)
  bootstrap admin       ${env.TESSERA_BOOTSTRAP_ADMIN_USERNAME} / ${env.TESSERA_BOOTSTRAP_ADMIN_PASSWORD}   (development default; set TESSERA_BOOTSTRAP_ADMIN_USERNAME and _PASSWORD)
`);
