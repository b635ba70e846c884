// CI's smoke pass of `npm run bench`: the harness runs end to end, in a few seconds a scenario, and reports every
// scenario with finite numbers. No timing is asserted: the numbers of a smoke run on a shared machine mean nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const scenarios = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];

/** Every number anywhere in the report. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

test('npm run bench -- --smoke runs every scenario against its ceiling and writes the report', { timeout: 280_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    // The node entry directly: the test runner has resolved the infrastructure and installed the dependencies already.
    const child = spawn(process.execPath, [join(import.meta.dirname, 'bench.ts'), '--smoke', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => child.kill('SIGINT'), 240_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(deadline);
    assert.equal(code, 0, `the bench failed:\n${stderr.slice(-4000)}`);

    const report = JSON.parse(readFileSync(join(out, 'benchmarks.json'), 'utf8')) as {
      scenarios: Record<string, unknown>;
      sweep: Record<string, unknown[]>;
      targets: Array<{ scenario: string; value: number; met: boolean }>;
    };
    assert.deepEqual(Object.keys(report.scenarios).sort(), scenarios);
    for (const scenario of scenarios) {
      assert.ok(report.targets.some((target) => target.scenario === scenario), `no target for scenario ${scenario}`);
      const values = numbers(report.scenarios[scenario]);
      assert.ok(values.length > 0 && values.every(Number.isFinite), `scenario ${scenario} has a number that is not finite: ${JSON.stringify(report.scenarios[scenario])}`);
    }
    assert.ok(report.targets.every((target) => Number.isFinite(target.value)));
    // Not a timing: revocation holds or it does not, however slow the machine.
    assert.equal((report.scenarios['d'] as { admitted: number }).admitted, 0, 'a revoked token was admitted after DELETE returned');
    assert.ok(Object.values(report.sweep).every((points) => points.length > 0));
    assert.match(stdout, /\| scenario \| what/);
    assert.match(stdout, /targets met/);
    assert.match(readFileSync(join(out, 'benchmarks.md'), 'utf8'), /!\[[^\]]*\]\(benchmarks\.svg\)/);
    assert.match(readFileSync(join(out, 'benchmarks.svg'), 'utf8'), /^<svg[^>]*>[\s\S]*<polyline/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
