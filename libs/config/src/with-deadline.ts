import { StartupError } from './config-error.ts';
import { maskCredentials } from './readers.ts';

/** `work`'s answer, or the error `late` makes once `timeoutMs` has passed without one. */
export async function raceDeadline<T>(timeoutMs: number, late: () => Error, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), timeoutMs);
  });
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a start-up check of the dependency named by `setting`, turning a hang or a failure into a StartupError
 * that names the setting, so a misconfigured service stops with one clear line instead of a stack trace.
 */
export async function withDeadline<T>(setting: string, what: string, timeoutMs: number, check: () => Promise<T>): Promise<T> {
  try {
    return await raceDeadline(timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`), check);
  } catch (error) {
    // A driver's error may quote the URL it was given, password and all.
    const reason = maskCredentials(error instanceof Error ? error.message : String(error));
    throw new StartupError(setting, `cannot reach ${what} (${reason}). Check the setting and that the service is running.`, { cause: error });
  }
}
