import { ConfigError } from './config-error.ts';
import type { GroupReader, Reader } from './readers.ts';

type Spec = Record<string, Reader<unknown> | GroupReader<unknown>>;
export type ConfigOf<S extends Spec> = { [K in keyof S]: S[K] extends Reader<infer T> ? T : S[K] extends GroupReader<infer T> ? T : never };

/** Reads every variable of the spec once, at start-up; throws one ConfigError that lists every problem. */
export function loadConfig<S extends Spec>(spec: S, source: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, reader] of Object.entries(spec)) {
    if ('readAll' in reader) {
      const result = reader.readAll(source);
      if (result.ok) config[key] = result.value;
      else problems.push(...result.problems);
      continue;
    }
    const result = reader.read(source[reader.variable]);
    if (result.ok) config[key] = result.value;
    else problems.push(result.problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<S>;
}
