import { spawn } from 'node:child_process';

export interface CommandResult {
  /** The exit code; null when the program was stopped: it had printed what `until` waited for, or its deadline passed. */
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Written to its standard input, then closed. */
  input?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** For a program that never ends by itself (a stream): stopped as soon as its output satisfies this. */
  until?: (stdout: string) => boolean;
}

/**
 * Runs a program as a user would from a shell, and returns how it ended; a non-zero exit is a result, not an error.
 * A test passes tokens and secrets in `input` and `env`, rather than on a command line that `ps` shows.
 */
export function runCommand(executable: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    // In a process group of its own, so that stopping it stops what it started too (a shell's curl holds the pipes).
    const child = spawn(executable, args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    const stop = () => {
      // Without a pid the program never started; and -0 would name this process's own group.
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: everything in the group has ended already.
      }
    };
    const deadline = setTimeout(stop, options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (options.until?.(stdout)) stop();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // The program did not start (ENOENT, EACCES).
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(deadline);
      resolve({ status: code, stdout, stderr });
    });
    // A program that exits without reading its input breaks the pipe; its exit status says what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
