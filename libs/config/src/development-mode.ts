import { ConfigError } from './config-error.ts';
import { flag } from './readers.ts';

/** Lets a developer's machine run with the published defaults and in clear text; nothing else may. */
export const developmentMode = flag('TESSERA_DEV_MODE', false);

// Published in this repository (docker-compose.yml, the README), so they protect nothing outside a developer's machine.
const publishedValues = new Set(['development-only-service-secret-change-me', 'tessera-dev-admin']);

const orDevelopmentMode = "or set TESSERA_DEV_MODE=true, on a developer's machine only.";

/**
 * Refuses what only development may use: a published default in any of `secrets` (variable → value), and each
 * link left in clear text (`plaintext`: why that matters, naming the settings that would encrypt it).
 */
export function refuseDevelopmentSettings(
  isDevelopment: boolean,
  checks: { secrets: Record<string, string | undefined>; plaintext: readonly string[] },
): void {
  if (isDevelopment) return;
  const problems = [
    ...Object.entries(checks.secrets)
      .filter(([, value]) => value !== undefined && publishedValues.has(value))
      .map(([variable]) => `${variable} is a development default published with Tessera: set a value of your own (e.g. openssl rand -hex 32), ${orDevelopmentMode}`),
    ...checks.plaintext.map((problem) => `${problem}, ${orDevelopmentMode}`),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
}
