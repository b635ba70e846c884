import { existsSync } from 'node:fs';
import path from 'node:path';
import { probeDocker, startContainers } from './infrastructure-containers.ts';
import { localInfraScript, startLocalInfrastructure } from './infrastructure-local.ts';
import { repoRoot } from './repo-root.ts';

export interface Infrastructure {
  pgAdminUrl: string;
  redisUrl: string;
  kafkaBrokers: string[];
}

export interface ResolvedInfrastructure {
  source: 'environment' | 'testcontainers' | 'local';
  /** Why this source was chosen, for the runner to print. */
  reason: string;
  /** The variables to give test processes: the three below, plus any extra the source provides. */
  env: Record<string, string>;
  infrastructure: Infrastructure;
  /** Stops what this resolution started (containers); nothing for the environment or the local provisioning. */
  stop(): Promise<void>;
}

export const infrastructureVariables = ['TESSERA_PG_ADMIN_URL', 'REDIS_URL', 'KAFKA_BROKERS'] as const;

/** The infrastructure named by the environment, or undefined unless all three variables are set. */
export function infrastructureFromEnv(env: NodeJS.ProcessEnv): Infrastructure | undefined {
  const [pgAdminUrl, redisUrl, brokers] = infrastructureVariables.map((name) => env[name]);
  if (!pgAdminUrl || !redisUrl || !brokers) return undefined;
  const kafkaBrokers = brokers.split(',').map((broker) => broker.trim()).filter(Boolean);
  return { pgAdminUrl, redisUrl, kafkaBrokers };
}

/**
 * Finds real PostgreSQL, Redis and Kafka, in order of preference: what the environment names (CI, or a
 * developer's own services), containers when a Docker engine answers, else the repo's local provisioning
 * (`infra/local/tessera-infra`), which needs neither Docker nor root.
 */
export async function resolveInfrastructure(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedInfrastructure> {
  const fromEnv = infrastructureFromEnv(env);
  if (fromEnv) {
    const reason = `${infrastructureVariables.join(', ')} are set`;
    return resolved('environment', reason, pick(env, infrastructureVariables), async () => {});
  }
  const missing = infrastructureVariables.filter((name) => !env[name]).join(', ');
  const docker = await probeDocker();
  if (docker.ok) {
    log(`infrastructure: ${missing} not set and a Docker engine answers; starting containers`);
    const containers = await startContainers(log);
    return resolved('testcontainers', `${missing} not set; Docker engine answers`, containers.env, containers.stop);
  }
  const script = localInfraScript(repoRoot);
  if (!existsSync(script)) {
    throw new Error(`no infrastructure for integration tests: ${missing} not set, no Docker engine (${docker.reason}), and ${script} does not exist`);
  }
  log(`infrastructure: ${missing} not set and no Docker engine (${docker.reason}); running ${path.relative(repoRoot, script)} up`);
  const localEnv = await startLocalInfrastructure(script, log);
  return resolved('local', `${missing} not set; no Docker engine (${docker.reason})`, localEnv, async () => {});
}

let resolving: Promise<Infrastructure> | undefined;

/**
 * The infrastructure for an integration or e2e test. The test runner resolves it once and passes it in the
 * environment; a test file run by hand (`node --test x.int.test.ts`) resolves it itself, once per process,
 * and exports the variables so the services it starts find the same infrastructure.
 */
export function getInfrastructure(): Promise<Infrastructure> {
  const fromEnv = infrastructureFromEnv(process.env);
  if (fromEnv) return Promise.resolve(fromEnv);
  resolving ??= resolveInfrastructure((line) => process.stderr.write(`${line}\n`)).then((result) => {
    // Containers started here are removed by testcontainers' reaper when this process exits.
    Object.assign(process.env, result.env);
    return result.infrastructure;
  });
  return resolving;
}

function resolved(source: ResolvedInfrastructure['source'], reason: string, env: Record<string, string>, stop: () => Promise<void>): ResolvedInfrastructure {
  const infrastructure = infrastructureFromEnv(env);
  if (!infrastructure) {
    const missing = infrastructureVariables.filter((name) => !env[name]).join(', ');
    throw new Error(`infrastructure source ${source} did not provide ${missing}`);
  }
  return { source, reason, env, infrastructure, stop };
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}
