import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatToken } from '@tessera/domain';
import { scanLogs } from './log-scan.ts';
import { bootstrapAdmin } from './platform.ts';
import { testPassword, testPasswordPattern } from './passwords.ts';

const token = formatToken(randomBytes(32));
const password = testPassword('leaked');
let dir = '';

/** A fresh directory holding `files`, as a service's log directory would. */
function logDirectory(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(dir, 'logs-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  return directory;
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'log-scan-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('test passwords', () => {
  it('are fresh, strong and recognised by the pattern, the bootstrap admin\'s too', () => {
    const [a, b] = [testPassword(), testPassword('second admin!')];
    assert.notEqual(a, b);
    assert.ok(a.length >= 32);
    for (const each of [a, b, bootstrapAdmin.password]) assert.equal(testPasswordPattern.exec(each)?.[0], each);
  });
});

describe('scanLogs', () => {
  it('finds a full token and a test password, by file and line, without repeating either', () => {
    const directory = logDirectory({
      'token-service-101.log': `{"msg":"started"}\n{"msg":"issued","token":"${token}"}\n`,
      'gateway-102.log': `{"msg":"login","body":"username=admin&password=${password}"}\n`,
    });
    const { files, lines, leaks } = scanLogs(directory);
    assert.deepEqual({ files, lines }, { files: 2, lines: 3 });
    assert.deepEqual(
      leaks.map(({ file, line, kinds }) => ({ file, line, kinds })),
      [
        { file: 'gateway-102.log', line: 1, kinds: ['password'] },
        { file: 'token-service-101.log', line: 2, kinds: ['token or secret'] },
      ],
    );
    const report = JSON.stringify(leaks);
    assert.ok(!report.includes(token) && !report.includes(password), report);
    assert.match(leaks[1]!.excerpt, /"token":"<tst_[0-9A-Za-z]{4}\*\*\* redacted>"/);
  });

  it('finds a token or password hidden in base64, as in a Basic header', () => {
    const basic = Buffer.from(`usr_someone:${token}`).toString('base64');
    const encodedPassword = Buffer.from(`admin:${password}`).toString('base64');
    const scan = scanLogs(logDirectory({ 'gateway.log': `{"authorization":"Basic ${basic}"}\n{"h":"Basic ${encodedPassword}"}\n{"id":"${'A'.repeat(80)}"}\n` }));
    assert.deepEqual(scan.leaks.map((leak) => [leak.line, leak.kinds]), [[1, ['base64-encoded secret']], [2, ['base64-encoded secret']]]);
    assert.ok(scan.leaks.every((leak) => !leak.excerpt.includes(basic) && !leak.excerpt.includes(encodedPassword)));
  });

  it('allows a masked token, and base62 runs that are not a whole token', () => {
    const directory = logDirectory({
      'gateway-103.log': [`token ${token.slice(0, 8)}***`, `longer ${token}x`, `shorter ${token.slice(0, -1)}`].join('\n'),
    });
    assert.deepEqual(scanLogs(directory).leaks, []);
  });

  it('reads files in subdirectories and reports every leaking line of each', () => {
    const directory = logDirectory({ 'more/audit-service-104.log': `a ${token} and ${bootstrapAdmin.password}\nclean\n${password}` });
    assert.deepEqual(
      scanLogs(directory).leaks.map(({ file, line, kinds }) => ({ file, line, kinds })),
      [
        { file: path.join('more', 'audit-service-104.log'), line: 1, kinds: ['token or secret', 'password'] },
        { file: path.join('more', 'audit-service-104.log'), line: 3, kinds: ['password'] },
      ],
    );
  });

});
