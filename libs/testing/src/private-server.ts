import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findUp } from '@tessera/config';
import { localInfraScript } from './infrastructure-local.ts';
import { freePort } from './ports.ts';
import { uniqueName } from './unique.ts';

export interface PrivateServer {
  /** `127.0.0.1:port` for Kafka (a broker list entry), `redis://127.0.0.1:port` for Redis. */
  address: string;
  /** Stops the server (`tessera-infra down <kind>`); its data and ports are kept for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same ports, with the same data (for Kafka: same cluster id and log dirs). */
  start(): Promise<void>;
  /** Stops it and removes its state directory. Safe to call twice. */
  dispose(): Promise<void>;
}

export type PrivateServerKind = 'kafka' | 'redis';

const repoRoot = path.dirname(findUp(import.meta.dirname, 'nx.json'));
const script = localInfraScript(repoRoot);
// A private Kafka's first start formats storage and boots a JVM; a missing jar cache means a Maven download.
const commandTimeoutMs = 10 * 60_000;
const stderrTailLines = 40;
const live = new Map<string, () => void>();

/**
 * A Redis or Kafka of the test's own, started by `infra/local/tessera-infra up <kind>` in a state directory
 * under `<repo>/.tessera/private/`, on free ports. Unlike the shared infrastructure it can be stopped and started
 * to test outages without disturbing other tests. Kafka reuses the shared infrastructure's jar cache, so no Maven
 * run is needed once the shared infrastructure has been up.
 */
export async function startPrivateServer(kind: PrivateServerKind): Promise<PrivateServer> {
  const dir = path.join(repoRoot, '.tessera', 'private', uniqueName(kind));
  mkdirSync(dir, { recursive: true });
  const { env, address } = kind === 'redis' ? await redisSettings(dir) : await kafkaSettings(dir);
  const run = (command: 'up' | 'down') => runInfra(command, kind, env);

  let disposed = false;
  const cleanUp = () => {
    // At process exit only synchronous work runs: a test that forgot dispose() must not leave a daemon behind.
    spawnSync('bash', [script, 'down', kind], { env, stdio: 'ignore', timeout: 90_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  live.set(dir, cleanUp);
  installExitHook();

  try {
    await run('up');
  } catch (error) {
    live.delete(dir);
    await run('down').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n(its state directory ${dir} is kept for inspection)`, { cause: error });
  }

  return {
    address,
    stop: () => (disposed ? Promise.reject(disposedError(kind, 'stop')) : run('down')),
    start: () => (disposed ? Promise.reject(disposedError(kind, 'start')) : run('up')),
    async dispose() {
      if (disposed) return;
      disposed = true;
      live.delete(dir);
      await run('down');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function redisSettings(dir: string): Promise<{ env: NodeJS.ProcessEnv; address: string }> {
  const port = await freePort();
  return { env: infraEnv(dir, { TESSERA_REDIS_PORT: String(port) }), address: `redis://127.0.0.1:${port}` };
}

async function kafkaSettings(dir: string): Promise<{ env: NodeJS.ProcessEnv; address: string }> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const env = infraEnv(dir, {
    TESSERA_KAFKA_PORT: String(port),
    TESSERA_KAFKA_CONTROLLER_PORT: String(controllerPort),
    TESSERA_KAFKA_LIBS_DIR: sharedKafkaLibs(),
  });
  return { env, address: `127.0.0.1:${port}` };
}

function infraEnv(dir: string, settings: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, TESSERA_INFRA_DIR: dir, ...settings };
}

/** Where the shared infrastructure keeps its Kafka jars (its own TESSERA_INFRA_DIR, if this process names one). */
function sharedKafkaLibs(): string {
  const { TESSERA_KAFKA_LIBS_DIR: libs, TESSERA_INFRA_DIR: state } = process.env;
  if (libs) return path.resolve(libs);
  return path.join(state ? path.resolve(state) : path.join(repoRoot, '.tessera', 'infra'), 'kafka', 'libs');
}

/** Runs `tessera-infra <command> <kind>`; its progress (stderr) is shown only when it fails. */
function runInfra(command: 'up' | 'down', kind: PrivateServerKind, env: NodeJS.ProcessEnv): Promise<void> {
  const commandLine = `${path.relative(repoRoot, script)} ${command} ${kind} (TESSERA_INFRA_DIR=${env['TESSERA_INFRA_DIR']})`;
  return new Promise((resolve, reject) => {
    execFile('bash', [script, command, kind], { env, timeout: commandTimeoutMs, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const how = error.killed ? `was killed after ${commandTimeoutMs} ms` : `failed (exit code ${String(error.code)})`;
      const tail = stderr.trimEnd().split('\n').slice(-stderrTailLines).join('\n');
      reject(new Error(`${commandLine} ${how}:\n${tail || error.message}`, { cause: error }));
    });
  });
}

function disposedError(kind: PrivateServerKind, action: string): Error {
  return new Error(`cannot ${action} the private ${kind}: it was disposed`);
}

let hookInstalled = false;

function installExitHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  process.once('exit', () => {
    for (const cleanUp of live.values()) cleanUp();
  });
}
