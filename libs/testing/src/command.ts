import { execFile } from 'node:child_process';

export interface CommandResult {
  /** The exit code; null when the program was killed (past its deadline). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end, as a user would from a shell, and returns how it ended; a non-zero exit is a result,
 * not an error. `input` goes to its standard input and `env` is added to this process's environment, so a test
 * passes tokens and secrets there rather than on a command line that `ps` shows.
 */
export function runCommand(
  executable: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      executable,
      args,
      { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // A string code means the program did not run (ENOENT, EACCES) or flooded its output.
        if (typeof error?.code === 'string') return reject(error);
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
    // A program that exits without reading its input breaks the pipe; its exit status says what happened.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
