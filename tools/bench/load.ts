// The load generators: wrk for HTTP and ghz for gRPC, run as child processes and parsed into one shape.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests answered with an error (non-2xx/3xx for wrk, non-OK for ghz), or socket errors. */
  errors: number;
  requests: number;
}

const children = new Set<ChildProcess>();
/** Kills every load generator still running (on failure or Ctrl-C). */
export function killLoad(): void {
  for (const child of children) child.kill('SIGKILL');
}

function run(command: string, args: string[], stopAfterMs?: number): { done: Promise<string>; stop(): void } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = stopAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), stopAfterMs);
  const done = new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr || stdout}`));
    });
  });
  return { done, stop: () => child.kill('SIGINT') };
}

export interface WrkOptions {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

function wrkArgs(options: WrkOptions, seconds: number): string[] {
  const threads = Math.min(2, options.connections);
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  return ['-t', String(threads), '-c', String(options.connections), '-d', `${seconds}s`, '--timeout', '10s', '--latency', ...headers, options.url];
}

export async function wrk(options: WrkOptions): Promise<LoadResult> {
  return parseWrk(await run('wrk', wrkArgs(options, options.seconds), (options.seconds + 30) * 1000).done);
}

/** wrk running until stop(), for load in the background of another scenario. wrk prints its report on SIGINT. */
export function backgroundWrk(options: Omit<WrkOptions, 'seconds'>): { stop(): Promise<LoadResult> } {
  const running = run('wrk', wrkArgs({ ...options, seconds: 3600 }, 3600));
  running.done.catch(() => undefined);
  return {
    async stop() {
      running.stop();
      return parseWrk(await running.done);
    },
  };
}

const units: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
function duration(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  if (!match) throw new Error(`wrk: cannot read the duration ${String(text)}`);
  return Number(match[1]) * units[match[2]!]!;
}

export function parseWrk(output: string): LoadResult {
  const percentile = (p: number) => duration(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(output)?.[1]);
  const rps = Number(/^Requests\/sec:\s+([\d.]+)/m.exec(output)?.[1]);
  const requests = Number(/^\s+(\d+) requests in/m.exec(output)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  if (!Number.isFinite(rps)) throw new Error(`wrk: no Requests/sec in its output:\n${output}`);
  return { rps, p50Ms: percentile(50), p99Ms: percentile(99), errors: non2xx + socketErrors, requests };
}

export interface GhzOptions {
  ghz: string;
  repoRoot: string;
  address: string;
  concurrency: number;
  seconds: number;
  token: string;
  serviceSecret: string;
}

export async function ghz(options: GhzOptions): Promise<LoadResult> {
  const args = [
    '--insecure', '--proto', 'tessera/v1/validation.proto', '--import-paths', join(options.repoRoot, 'proto'),
    '--call', 'tessera.v1.ValidationService.Validate',
    '-c', String(options.concurrency), '--connections', String(Math.min(4, options.concurrency)), '-z', `${options.seconds}s`,
    '-d', JSON.stringify({ token: options.token }), '-m', JSON.stringify({ 'x-tessera-service-secret': options.serviceSecret }),
    '--format', 'json', options.address,
  ];
  const report = JSON.parse(await run(options.ghz, args, (options.seconds + 30) * 1000).done) as {
    count: number;
    rps: number;
    latencyDistribution: Array<{ percentage: number; latency: number }> | null;
    statusCodeDistribution?: Record<string, number>;
  };
  const percentile = (p: number) => (report.latencyDistribution?.find((entry) => entry.percentage === p)?.latency ?? NaN) / 1e6;
  const ok = report.statusCodeDistribution?.['OK'] ?? 0;
  // The calls in flight when the duration ends are cancelled by ghz itself: not errors of the server.
  const cancelled = report.statusCodeDistribution?.['Canceled'] ?? 0;
  return { rps: report.rps, p50Ms: percentile(50), p99Ms: percentile(99), errors: report.count - ok - cancelled, requests: report.count - cancelled };
}
