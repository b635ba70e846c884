import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
// The scan recognises exactly the token format the domain issues, not a copy that could drift from it.
import { maskToken, tokenLength, tokenPrefix } from '@tessera/domain';
import { testPasswordPattern } from './passwords.ts';

export type LeakKind = 'token or secret' | 'password';

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
  const redacted = line
    .replace(fullCredential, (credential) => {
      kinds.add('token or secret');
      return `<${maskToken(credential)} redacted>`;
    })
    .replace(password, () => {
      kinds.add('password');
      return '<password redacted>';
    });
  if (kinds.size === 0) return undefined;
  // Nothing before the first secret changed length, so its position in the line is also its position here.
  const first = Math.min(...[line.search(fullCredential), line.search(password)].filter((index) => index >= 0));
  const start = Math.max(0, first - excerptLength / 4);
  return { kinds: [...kinds], excerpt: redacted.slice(start, start + excerptLength) };
}

function logFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
