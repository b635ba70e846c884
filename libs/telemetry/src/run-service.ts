import type { Logger } from 'pino';
import { ConfigError, StartupError } from '@tessera/config';

export interface RunningService {
  /** Stops accepting work, drains, and closes every connection the service opened. */
  stop(): Promise<void>;
}

/** sysexits.h: what a supervisor or a script can tell apart. */
export const exitCodes = { config: 78, unavailable: 69, software: 70 } as const;

/**
 * Exits with one readable line (its message names the setting) and a distinct code when `error` is bad configuration
 * or an unreachable dependency; returns for anything else.
 */
export function exitIfCannotStart(name: string, error: unknown): void {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${name} cannot start. ${error.message}\n`);
    process.exit(error instanceof ConfigError ? exitCodes.config : exitCodes.unavailable);
  }
}

/**
 * Loads a service's configuration before anything else (its logger takes LOG_LEVEL from it): bad configuration exits
 * 78 with the variables named, as it would inside runService.
 */
export function configOrExit<T>(name: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    exitIfCannotStart(name, error);
    throw error;
  }
}

/**
 * The imperative shell of every service's main: start, then stop cleanly on SIGTERM or SIGINT. A start-up
 * failure caused by configuration or an unreachable dependency is one readable line (its message names the
 * setting) and a distinct exit code, not a stack trace.
 */
export async function runService(name: string, logger: Logger, start: () => Promise<RunningService>): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    exitIfCannotStart(name, error);
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exit(exitCodes.software);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    service.stop().then(
      () => {
        logger.info(`${name} stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${name} did not stop cleanly`);
        process.exit(exitCodes.software);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
