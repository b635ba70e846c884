import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { serviceProcessEnvironment } from '@tessera/config';
import { createTestDatabase } from './database.ts';
import { grpcHealthStatus } from './grpc-health.ts';
import { getInfrastructure } from './infrastructure.ts';
import { freePort } from './ports.ts';
import { repoRoot } from './repo-root.ts';
import { startServiceProcess } from './service-process.ts';
import { uniqueName } from './unique.ts';

export type ServiceName = 'token-service' | 'audit-service' | 'gateway';

// A constant, so tests and the platform's environment agree; testPasswordPattern matches it, so the log scan does too.
export const bootstrapAdmin = { username: 'admin', password: 'pw-tessera-test-bootstrap-admin-5c1e9a07d3b2f864' } as const;

export type RunningProcess = Awaited<ReturnType<typeof startServiceProcess>>;

/**
 * The real services as processes, isolated for one test file: their own databases, topic prefix, consumer group,
 * Redis key prefix and ports, on the shared PostgreSQL, Redis and Kafka.
 */
export async function startPlatform(
  label: string,
  options: { services: readonly ServiceName[]; env?: Record<string, string>; entry?: ServiceEntry },
) {
  const entryOf = serviceEntry(options.entry ?? 'source');
  const infrastructure = await getInfrastructure();
  const [tokenDatabase, auditDatabase] = await Promise.all([createTestDatabase(`${label}_token`), createTestDatabase(`${label}_audit`)]);
  const prefix = uniqueName(label);
  const ports = { grpc: await freePort(), gateway: await freePort(), audit: await freePort() };
  const urls = {
    tokenService: `127.0.0.1:${ports.grpc}`,
    gateway: `http://127.0.0.1:${ports.gateway}`,
    audit: `http://127.0.0.1:${ports.audit}`,
  };
  const env: Record<string, string> = {
    ...serviceProcessEnvironment(),
    TOKEN_DATABASE_URL: tokenDatabase.url,
    AUDIT_DATABASE_URL: auditDatabase.url,
    REDIS_URL: infrastructure.redisUrl,
    KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    REDIS_KEY_PREFIX: `${prefix}:`,
    AUDIT_CONSUMER_GROUP: `${prefix}-audit`,
    TOKEN_GRPC_ADDRESS: urls.tokenService,
    TOKEN_SERVICE_ADDRESS: urls.tokenService,
    GATEWAY_HTTP_ADDRESS: `127.0.0.1:${ports.gateway}`,
    AUDIT_HTTP_ADDRESS: `127.0.0.1:${ports.audit}`,
    AUDIT_SERVICE_URL: urls.audit,
    // Every test comes from 127.0.0.1: the per-IP budgets are lifted, but for the tests that measure them.
    GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000',
    GATEWAY_LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    AUDIT_RATE_LIMIT_PER_MINUTE: '1000000',
    TESSERA_SERVICE_SECRET: randomBytes(32).toString('hex'),
    VALIDATION_CACHE_HMAC_KEY: randomBytes(32).toString('hex'),
    TESSERA_BOOTSTRAP_ADMIN_USERNAME: bootstrapAdmin.username,
    TESSERA_BOOTSTRAP_ADMIN_PASSWORD: bootstrapAdmin.password,
    // The services talk in clear text here: tests reach them with plain clients (grpcurl -plaintext, fetch on http:).
    TESSERA_DEV_MODE: 'true',
    ...options.env,
  };

  const processes = new Map<ServiceName, RunningProcess>();
  const extraProcesses: RunningProcess[] = [];
  const start = async (name: ServiceName, extraEnv: Record<string, string> = {}) => {
    const running = await startServiceProcess({
      name,
      entry: entryOf(name),
      env: { ...env, ...extraEnv },
      ready: name === 'token-service' ? async () => (await grpcHealthStatus(urls.tokenService)) === 'SERVING' : httpReady(name === 'gateway' ? urls.gateway : urls.audit),
      readyTimeoutMs: 60_000,
      outputToFile: options.entry === 'bundle',
    });
    processes.set(name, running);
    return running;
  };
  // The gateway waits for the token service at start-up, so the token service goes first.
  for (const name of ['token-service', 'audit-service', 'gateway'] as const) if (options.services.includes(name)) await start(name);

  return {
    env,
    /** What a trusted internal service sends in `x-tessera-service-secret`. */
    serviceSecret: env['TESSERA_SERVICE_SECRET']!,
    urls,
    prefix,
    tokenDatabase,
    auditDatabase,
    process: (name: ServiceName) => {
      const running = processes.get(name);
      if (!running) throw new Error(`${name} is not running in this platform`);
      return running;
    },
    /** Starts a service again (after a test stopped it), with the same settings plus `extraEnv`. */
    restart: start,
    /**
     * Starts one more instance of a service on the same databases, Redis and topics; `extraEnv` gives it an address of
     * its own. An HTTP service is returned once its /readyz answers at that address; the token service at once.
     */
    async startAnother(name: ServiceName, extraEnv: Record<string, string>) {
      const address = extraEnv[name === 'gateway' ? 'GATEWAY_HTTP_ADDRESS' : 'AUDIT_HTTP_ADDRESS'];
      const running = await startServiceProcess({
        name: `${name}-2`,
        entry: entryOf(name),
        env: { ...env, ...extraEnv },
        ready: name === 'token-service' || address === undefined ? async () => true : httpReady(`http://${address}`),
        readyTimeoutMs: 60_000,
        outputToFile: options.entry === 'bundle',
      });
      extraProcesses.push(running);
      return running;
    },
    async stop() {
      await Promise.all(extraProcesses.map((running) => running.stop()));
      const exits = new Map<ServiceName, Awaited<ReturnType<RunningProcess['stop']>>>();
      for (const name of ['gateway', 'audit-service', 'token-service'] as const) {
        const running = processes.get(name);
        if (running) exits.set(name, await running.stop());
      }
      processes.clear();
      await Promise.all([tokenDatabase.drop(), auditDatabase.drop()]);
      return exits;
    },
  };
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>;

/** What runs: the sources through type stripping (tests), or the esbuild bundles in dist/ (`nx build`, as deployed). */
export type ServiceEntry = 'source' | 'bundle';

const serviceEntry = (entry: ServiceEntry) => (name: ServiceName) =>
  entry === 'source' ? join(repoRoot, 'apps', name, 'src/main.ts') : join(repoRoot, 'dist/apps', name, 'main.mjs');

const httpReady = (base: string) => async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.ok === true;

/**
 * Starts a service that is expected to refuse to start, and returns how it ended. A hang counts as a failure:
 * bad settings must stop a service promptly.
 */
export function startupFailure(name: ServiceName, env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, 'apps', name, 'src/main.ts')], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 45_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}
