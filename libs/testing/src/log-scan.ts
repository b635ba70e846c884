import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
// The scan recognises exactly the token format the domain issues, not a copy that could drift from it.
import { maskToken, tokenLength, tokenPrefix } from '@tessera/domain';
import { testPasswordPattern } from './passwords.ts';

export type LeakKind = 'token or secret' | 'password' | 'base64-encoded secret';

export interface LogLeak {
  file: string;
  /** 1-based. */
  line: number;
  kinds: LeakKind[];
  /** Part of the line with every secret in it replaced, so a failure report never repeats the leak. */
  excerpt: string;
}

/** What was read, so that a pass over nothing is seen for what it is, and what leaked. */
export interface LogScan {
  files: number;
  lines: number;
  leaks: LogLeak[];
}

const base62 = '[0-9A-Za-z]';
// A whole credential: a masked one (`tst_ab12***`) is allowed in logs, and a longer base62 run is something else.
const fullCredential = new RegExp(`${tokenPrefix}${base62}{${tokenLength - tokenPrefix.length}}(?!${base62})`, 'g');
const password = new RegExp(testPasswordPattern.source, 'g');
// A Basic header's credentials, or anything else encoded whole: long enough to hold a test password (40+ characters).
const base64Run = /[A-Za-z0-9+/]{52,}={0,2}/g;
const excerptLength = 240;

/** Reads every file under `directory` and reports each line that holds a full token, API secret or test password. */
export function scanLogs(directory: string): LogScan {
  const scan: LogScan = { files: 0, lines: 0, leaks: [] };
  for (const file of logFiles(directory)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop(); // a final newline ends the last line, it does not start another
    scan.files += 1;
    scan.lines += lines.length;
    scan.leaks.push(...leaksIn(path.relative(directory, file), lines));
  }
  return scan;
}

function leaksIn(file: string, lines: string[]): LogLeak[] {
  return lines.flatMap((content, index) => {
    const leak = redact(content);
    return leak ? [{ file, line: index + 1, ...leak }] : [];
  });
}

function redact(line: string): { kinds: LeakKind[]; excerpt: string } | undefined {
  const kinds = new Set<LeakKind>();
  const offsets: number[] = [];
  // The patterns have no groups, so a replacer is called with (match, offset).
  const mark = (kind: LeakKind, replacement: (match: string) => string) => (match: string, offset: number) => {
    kinds.add(kind);
    offsets.push(offset);
    return replacement(match);
  };
  const redacted = line
    .replace(fullCredential, mark('token or secret', (credential) => `<${maskToken(credential)} redacted>`))
    .replace(password, mark('password', () => '<password redacted>'))
    .replace(base64Run, (run, offset: number) => (holdsSecret(run) ? mark('base64-encoded secret', () => '<base64 secret redacted>')(run, offset) : run));
  if (kinds.size === 0) return undefined;
  // Offsets after the first replacement are approximate, which is all an excerpt's start needs.
  const start = Math.max(0, Math.min(...offsets) - excerptLength / 4);
  return { kinds: [...kinds], excerpt: redacted.slice(start, start + excerptLength) };
}

function holdsSecret(base64: string): boolean {
  const decoded = Buffer.from(base64, 'base64').toString('latin1');
  return decoded.search(fullCredential) >= 0 || decoded.search(password) >= 0;
}

function logFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
