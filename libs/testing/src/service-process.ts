import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from './wait.ts';

export interface ServiceProcessOptions {
  /** Names the service in errors and in its captured output. */
  name: string;
  /** Absolute path of the service's main file (a .ts file runs through Node's type stripping). */
  entry: string;
  /** Merged over process.env; a variable set to undefined is removed. */
  env?: Record<string, string | undefined>;
  /** Polled until true: e.g. the health endpoint answers. Throwing counts as "not yet". */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /**
   * As deployed: the service writes straight into its log file in TESSERA_TEST_LOG_DIR, instead of through a pipe
   * that this process reads line by line (which costs this process CPU for every line under load).
   */
  outputToFile?: boolean;
}

export interface ServiceExit {
  code: number | null;
  signal: string | null;
  /** True when the service ignored the stop signal past the deadline and was killed with SIGKILL. */
  forced: boolean;
}

export interface ServiceProcess {
  name: string;
  pid: number;
  /** Everything the service wrote to stdout and stderr so far, one line each, in arrival order. */
  output(): string;
  /** Sends `signal`, waits for the exit, and SIGKILLs the service if it has not exited by the deadline. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ServiceExit>;
  /** Resolves when the service exits by itself (or after stop()). */
  waitForExit(): Promise<ServiceExit>;
}

const maxLines = 20_000; // keeps a chatty service from growing a test's memory without bound
const live = new Set<ChildProcess>();

/**
 * Starts a service as a real process, the way it runs in production, and returns once it is ready. If it
 * exits first, this fails at once with what it printed (usually the reason, e.g. a config error).
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const { name, entry, env = {}, ready, readyTimeoutMs = 30_000 } = options;
  if (!path.isAbsolute(entry)) throw new Error(`${name}: entry must be an absolute path, got ${entry}`);
  const logDirectory = process.env['TESSERA_TEST_LOG_DIR'];
  // Before the spawn: a log directory that cannot be made fails the start, not a service left running.
  if (logDirectory) mkdirSync(logDirectory, { recursive: true });
  if (options.outputToFile && !logDirectory) throw new Error(`${name}: outputToFile needs TESSERA_TEST_LOG_DIR`);
  const direct = options.outputToFile ? path.join(logDirectory!, `${name}-${Date.now()}-${process.pid}.log`) : undefined;
  const fd = direct ? openSync(direct, 'a') : undefined;
  const child = spawn(process.execPath, [entry], { env: { ...process.env, ...env }, stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'] });
  if (fd !== undefined) closeSync(fd);
  const logFile = !direct && logDirectory && child.pid !== undefined ? openLogFile(logDirectory, name, child.pid) : undefined;
  const lines = direct ? [] : captureLines(child, logFile);
  const output = direct ? () => readFileSync(direct, 'utf8').split('\n').slice(-maxLines).join('\n') : () => lines.join('\n');
  const exited = exitOf(child, logFile);
  track(child, exited);
  if (child.pid === undefined) throw new Error(`${name} could not be started: ${describeExit(await exited)}`);
  const service = serviceHandle(name, child.pid, child, exited, output);
  await untilReady(service, ready, readyTimeoutMs, exited);
  return service;
}

function serviceHandle(name: string, pid: number, child: ChildProcess, exited: Promise<ServiceExit>, output: () => string): ServiceProcess {
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<ServiceExit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const inTime = await Promise.race([exited, deadline(timeoutMs)]);
    if (inTime) return inTime;
    child.kill('SIGKILL');
    return { ...(await exited), forced: true };
  };
  return { name, pid, output, stop, waitForExit: () => exited };
}

async function untilReady(service: ServiceProcess, ready: () => Promise<boolean>, timeoutMs: number, exited: Promise<ServiceExit>): Promise<void> {
  const gaveUp = new AbortController();
  let exitedEarly: Error | undefined;
  const diedEarly = exited.then((exit) => {
    exitedEarly = new Error(`${service.name} exited (${describeExit(exit)}) before it was ready. Its output:\n${service.output()}`);
    throw exitedEarly;
  });
  const becameReady = waitFor(ready, { description: `${service.name} to be ready`, timeoutMs, intervalMs: 100, signal: gaveUp.signal });
  try {
    await Promise.race([becameReady, diedEarly]);
  } catch (error) {
    gaveUp.abort();
    await service.stop('SIGKILL');
    if (error === exitedEarly) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}. Output of ${service.name} (pid ${service.pid}, now killed):\n${service.output()}`, { cause: error });
  }
}

/** Keeps everything a service prints for the suite's log scan (tools/run-tests.ts), beyond the lines in memory. */
function openLogFile(directory: string, name: string, pid: number): WriteStream {
  return createWriteStream(path.join(directory, `${name}-${pid}.log`), { flags: 'a' });
}

/** Keeps the last lines in memory and, when a log file is given, appends every line to it. */
function captureLines(child: ChildProcess, logFile: WriteStream | undefined): string[] {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      logFile?.write(`${line}\n`);
      lines.push(line);
      // Trimmed in steps, not on every line: a chatty service must not cost a copy of the buffer per line.
      if (lines.length > 2 * maxLines) lines.splice(0, lines.length - maxLines);
    });
  }
  return lines;
}

/**
 * Resolves once the process has exited and its output is fully read ('close'), or could not start at all, and its
 * log file is flushed: a test runner that exits right after stop() must not cut the log short.
 */
async function exitOf(child: ChildProcess, logFile: WriteStream | undefined): Promise<ServiceExit> {
  const exit = await new Promise<ServiceExit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, forced: false }));
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null, forced: false });
    });
  });
  if (logFile) await new Promise((flushed) => logFile.end(flushed));
  return exit;
}

/**
 * Kills every service still running when the test process ends, however it ends (the test runner's
 * force-exit, a crash, or a signal), so no service outlives its test file.
 */
function track(child: ChildProcess, exited: Promise<ServiceExit>): void {
  installExitHooks();
  live.add(child);
  void exited.then(() => live.delete(child));
}

let hooksInstalled = false;

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Listening replaced the default "die on this signal": restore it unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

function deadline(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(resolve, ms, undefined).unref());
}

function describeExit(exit: ServiceExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  return exit.code === null ? 'it could not be spawned' : `exit code ${exit.code}`;
}
