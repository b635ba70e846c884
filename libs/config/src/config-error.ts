/** A setting that is missing or unusable. Its message names every offending variable and says what to do. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * A dependency named by a setting did not answer at start-up (an unreachable broker, a refused database), or is not as
 * the service needs it (a migration file edited after the database applied it, named in place of a setting).
 */
export class StartupError extends Error {
  readonly setting: string;

  constructor(setting: string, message: string, options?: { cause?: unknown }) {
    super(`${setting}: ${message}`, options);
    this.name = 'StartupError';
    this.setting = setting;
  }
}
