import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * A reader turns one environment variable into a typed value, or explains why it cannot.
 * Readers never throw: `loadConfig` collects every problem so one start-up names them all.
 */
export interface Reader<T> {
  readonly variable: string;
  read(raw: string | undefined): Parsed<T>;
}

/** Settings that only make sense together (a certificate and its key): read as one value, every problem named. */
export interface GroupReader<T> {
  readonly variables: readonly string[];
  readAll(source: NodeJS.ProcessEnv): { ok: true; value: T } | { ok: false; problems: string[] };
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

function reader<T>(variable: string, fallback: T | undefined, parse: (raw: string) => Parsed<T>, isSecret = false): Reader<T> {
  return {
    variable,
    read(raw) {
      const value = raw?.trim();
      if (value === undefined || value === '') {
        return fallback === undefined ? fail(`${variable} is required but not set.`) : ok(fallback);
      }
      const parsed = parse(value);
      if (parsed.ok) return parsed;
      const visible = maskCredentials(value);
      const shown = isSecret ? '' : ` (got "${visible.length > 80 ? `${visible.slice(0, 80)}…` : visible}")`;
      return fail(`${variable}${shown}: ${parsed.problem}`);
    },
  };
}

/**
 * `value` with the passwords that URLs carry replaced by `***`: the one in the user info (`postgres://app:***@db`),
 * up to its last `@`, as a password may hold one unescaped, and those in query parameters
 * (`?password=***`, libpq's form). Applied before a value is shortened, which could cut a URL before its `@`.
 */
export function maskCredentials(value: string): string {
  return value
    .replace(/(\/\/[^\s/:@]*):\S*@/g, '$1:***@')
    .replace(/([?&;](?:password|passwd|pass|pwd|secret|token|api_?key|sslpassword)=)[^&;\s]*/gi, '$1***');
}

export function url(variable: string, options: { protocols: readonly string[]; fallback?: string }): Reader<string> {
  return reader(variable, options.fallback, (raw) => {
    if (!URL.canParse(raw)) return fail(`not a URL; expected e.g. ${options.protocols[0]}//host:port/…`);
    const { protocol, hostname } = new URL(raw);
    if (!options.protocols.includes(protocol)) return fail(`expected a ${options.protocols.join(' or ')} URL, not ${protocol}`);
    if (hostname === '') return fail('the URL has no host');
    return ok(raw);
  });
}

export interface HostPort {
  host: string;
  port: number;
}

function parseHostPort(raw: string): Parsed<HostPort> {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) return fail('expected host:port, e.g. 127.0.0.1:8080');
  return ok({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
}

export function hostPort(variable: string, fallback?: string): Reader<HostPort> {
  const parsedFallback = fallback === undefined ? undefined : parseHostPort(fallback);
  if (parsedFallback && !parsedFallback.ok) throw new Error(`The default of ${variable} is not host:port: ${fallback}`);
  return reader(variable, parsedFallback?.value, parseHostPort);
}

export function hostPortList(variable: string, fallback?: string): Reader<string[]> {
  return reader(variable, fallback?.split(','), (raw) => {
    const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
    const valid = entries.length > 0 && entries.every((entry) => parseHostPort(entry).ok);
    return valid ? ok(entries) : fail('expected a comma-separated list of host:port, e.g. 127.0.0.1:9092');
  });
}

/**
 * Addresses and CIDR ranges (`10.0.0.0/8`, `::1`), comma-separated, e.g. of the proxies whose `X-Forwarded-For` may
 * be believed. A range of prefix 0 would take every address for a proxy: it is refused.
 */
export function cidrList(variable: string, fallback?: readonly string[]): Reader<string[]> {
  return reader(variable, fallback && [...fallback], (raw) => {
    const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
    const bad = entries.find((entry) => !isCidr(entry));
    if (entries.length === 0 || bad !== undefined) return fail(`"${bad ?? raw}" is not an address or a CIDR range, e.g. 10.0.0.0/8 or 2001:db8::/32`);
    return ok(entries);
  });
}

function isCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (version === 4 ? 32 : 128);
}

export function integer(variable: string, options: { fallback?: number; min: number; max: number }): Reader<number> {
  return reader(variable, options.fallback, (raw) => {
    const value = Number(raw);
    const inRange = /^-?\d+$/.test(raw) && value >= options.min && value <= options.max;
    return inRange ? ok(value) : fail(`expected a whole number from ${options.min} to ${options.max}`);
  });
}

export function text(variable: string, options: { fallback?: string; pattern?: RegExp; hint?: string } = {}): Reader<string> {
  return reader(variable, options.fallback, (raw) =>
    !options.pattern || options.pattern.test(raw) ? ok(raw) : fail(options.hint ?? `must match ${options.pattern}`),
  );
}

/** A secret is never echoed back in an error message. */
export function secret(variable: string, options: { fallback?: string; minLength: number }): Reader<string> {
  return reader(
    variable,
    options.fallback,
    (raw) => (raw.length >= options.minLength ? ok(raw) : fail(`must be at least ${options.minLength} characters`)),
    true,
  );
}

/** The PEM certificates in the file the variable names (e.g. a private CA to trust), read once at start-up. */
export function pemFile(variable: string): Reader<string> {
  return reader<string>(variable, undefined, (raw) => {
    const read = contentsOf(raw);
    if (!read.ok) return fail(read.problem);
    const contents = read.value.toString('utf8');
    return contents.includes('-----BEGIN CERTIFICATE-----') ? ok(contents) : fail('the file holds no PEM certificate');
  });
}

/** `true` or `false`, nothing looser: a mistyped switch must stop start-up, not quietly read as off. */
export function flag(variable: string, fallback: boolean): Reader<boolean> {
  return reader(variable, fallback, (raw) => (raw === 'true' ? ok(true) : raw === 'false' ? ok(false) : fail('expected true or false')));
}

/** The contents of the file the variable names, read once at start-up (a certificate, a key). */
export function file(variable: string): Reader<Buffer> {
  return reader<Buffer>(variable, undefined, contentsOf);
}

function contentsOf(path: string): Parsed<Buffer> {
  try {
    return ok(readFileSync(path));
  } catch (error) {
    return fail(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

export function optional<T>(inner: Reader<T>): Reader<T | undefined> {
  return {
    variable: inner.variable,
    read: (raw) => (raw === undefined || raw.trim() === '' ? ok(undefined) : inner.read(raw)),
  };
}

export function oneOf<const T extends string>(variable: string, values: readonly T[], fallback?: T): Reader<T> {
  return reader(variable, fallback, (raw) =>
    (values as readonly string[]).includes(raw) ? ok(raw as T) : fail(`expected one of ${values.join(', ')}`),
  );
}

/** A JSON value checked against a schema; the problem names the path inside the JSON that is wrong. */
export function json<S extends TSchema>(variable: string, schema: S, fallback?: Static<S>): Reader<Static<S>> {
  const check = Compile(schema);
  return reader(variable, fallback, (raw) => {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return fail('not valid JSON');
    }
    const problem = [...check.Errors(value)][0];
    return problem ? fail(`${problem.instancePath || 'the value'} ${problem.message}`) : ok(value as Static<S>);
  });
}
