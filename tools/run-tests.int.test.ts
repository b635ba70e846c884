import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const runner = path.join(import.meta.dirname, 'run-tests.ts');
let root = '';

// Fixture projects: `mixed` has every kind of outcome, `intOnly` only an integration test; the e2e ones stand for
// a tier whose services wrote their output where the runner asked (`e2eLogged`) or nowhere (`e2eSilent`).
const fixtures: Record<string, string> = {
  'mixed/src/pass.test.ts': `
    import { test } from 'node:test';
    test('one', () => {});
    test('two', () => {});
    test('skipped', { skip: true }, () => {});
    test('todo', { todo: true }, () => { throw new Error('not done'); });
  `,
  'mixed/src/fail.test.ts': `
    import { describe, test } from 'node:test';
    describe('a suite', () => { test('fails', () => { throw new Error('boom'); }); });
  `,
  'mixed/src/broken.test.ts': `import './does-not-exist.ts';`,
  'mixed/src/store.int.test.ts': `import { test } from 'node:test'; test('must not run as a unit test', () => { throw new Error('ran'); });`,
  'mixed/node_modules/dep/skip.test.ts': `import { test } from 'node:test'; test('must not be discovered', () => { throw new Error('ran'); });`,
  'intOnly/src/env.int.test.ts': `
    import { test } from 'node:test';
    import assert from 'node:assert/strict';
    test('gets the infrastructure through the environment', () => assert.equal(process.env.KAFKA_BROKERS, 'broker.invalid:9092'));
  `,
  'e2eLogged/src/service.e2e.test.ts': `
    import { test } from 'node:test';
    import { writeFileSync } from 'node:fs';
    import path from 'node:path';
    test('a service logs', () => writeFileSync(path.join(process.env.TESSERA_TEST_LOG_DIR, 'service-1.log'), 'started\\nlistening\\n'));
  `,
  'e2eSilent/src/service.e2e.test.ts': `import { test } from 'node:test'; test('a service whose output is lost', () => {});`,
};
const fakeInfrastructure = { TESSERA_PG_ADMIN_URL: 'postgres://u:p@db.invalid/postgres', REDIS_URL: 'redis://redis.invalid', KAFKA_BROKERS: 'broker.invalid:9092' };

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'run-tests-test-'));
  for (const [file, source] of Object.entries(fixtures)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

function runTests(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  // This file runs under node:test, whose marker variable would make the nested runner refuse to run files.
  const { NODE_TEST_CONTEXT: _, ...env } = { ...process.env, ...extraEnv };
  const result = spawnSync(process.execPath, [runner, ...args], { cwd: tmpdir(), env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lastLine: result.stdout.trimEnd().split('\n').at(-1) };
}

describe('run-tests', () => {
  it('counts passes, failures (a file that fails to load included) and skips, and exits 1', () => {
    const result = runTests(['--tier', 'unit', path.join(root, 'mixed')]);
    assert.equal(result.lastLine, '2 passed, 2 failed, 2 skipped', result.stdout);
    assert.match(result.stdout, /^unit: 2 passed, 2 failed, 2 skipped\n2 passed/m);
    assert.equal(result.status, 1);
    assert.doesNotMatch(result.stdout, /must not/);
  });

  it('passes a tier that has no files for the project, saying so', () => {
    const result = runTests(['--tier', 'unit', path.join(root, 'intOnly')]);
    assert.match(result.stdout, /unit: no test files under .*intOnly; nothing to run/);
    assert.equal(result.lastLine, '0 passed, 0 failed');
    assert.equal(result.status, 0);
  });

  it('takes the infrastructure from the environment, and skips (not passes) the log check when no service wrote output', () => {
    const result = runTests(['--tier', 'int', path.join(root, 'intOnly')], fakeInfrastructure);
    assert.match(result.stdout, /infrastructure: using environment \(TESSERA_PG_ADMIN_URL, REDIS_URL, KAFKA_BROKERS are set\)/);
    assert.equal(result.lastLine, '1 passed, 0 failed, 1 skipped', result.stdout);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /logs captured during the suite contain no full token, secret or password: skipped, no service wrote output/);
    assert.match(result.stdout, /^int: 1 passed, 0 failed\nlog check: 0 passed, 0 failed, 1 skipped\n/m);
  });

  it('fails the log check when the e2e tier ran but no service output reached the log directory', () => {
    const result = runTests(['--tier', 'e2e', path.join(root, 'e2eSilent')], fakeInfrastructure);
    assert.match(result.stdout, /✖ logs captured during the suite .*: the e2e tier ran, yet no service output reached /);
    assert.equal(result.lastLine, '1 passed, 1 failed', result.stdout);
    assert.equal(result.status, 1);
  });

  it('passes the log check over the files the services wrote, counting them', () => {
    const result = runTests(['--tier', 'e2e', path.join(root, 'e2eLogged')], fakeInfrastructure);
    assert.match(result.stdout, /✔ logs captured during the suite contain no full token, secret or password \(2 lines in 1 files\)/);
    assert.match(result.stdout, /^e2e: 1 passed, 0 failed\nlog check: 1 passed, 0 failed\n2 passed, 0 failed$/m);
    assert.equal(result.status, 0);
  });

  it('rejects an unknown tier', () => {
    const result = runTests(['--tier', 'smoke']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /usage: node tools\/run-tests.ts --tier unit\|int\|e2e\|all/);
  });
});
