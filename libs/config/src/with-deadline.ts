import { StartupError } from './config-error.ts';

/**
 * Runs a start-up check of the dependency named by `setting`, turning a hang or a failure into a StartupError
 * that names the setting, so a misconfigured service stops with one clear line instead of a stack trace.
 */
export async function withDeadline<T>(setting: string, what: string, timeoutMs: number, check: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([check(), deadline]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(setting, `cannot reach ${what} (${reason}). Check the setting and that the service is running.`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
