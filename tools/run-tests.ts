// The one test runner: node tools/run-tests.ts --tier unit|int|e2e|all [projectRoot ...]
//
// Discovers *.test.ts files by tier, resolves real infrastructure once for integration and e2e tiers, runs the
// files with node:test (one process per file), streams the spec reporter, prints each tier's counts, and ends with
// "N passed, N failed". After int or e2e tiers, one more counted check: the services' captured output holds no
// credential.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { repoRoot, resolveInfrastructure, scanLogs } from '@tessera/testing';
import type { LogScan, ResolvedInfrastructure } from '@tessera/testing';

type Tier = 'unit' | 'int' | 'e2e';
interface Counts { passed: number; failed: number; skipped: number }

const tiers: readonly Tier[] = ['unit', 'int', 'e2e'];
const defaultRoots = ['apps', 'libs', 'tools'];
const skippedDirectories = new Set(['node_modules', 'dist', '.tessera']);
// Generous, yet a hung test fails instead of hanging CI.
const testTimeoutMs = 5 * 60_000;
// A file whose tests all ended but which never exits (a handle left open) would hang its tier: past this budget the
// tier is cancelled, and its unfinished files count as failed. --test-force-exit would end such a file, but with
// concurrency it silently drops verdicts of tests that ran (nodejs/node#64833): a count must never shrink unseen.
const tierTimeoutMs = 30 * 60_000;
const concurrency: Record<Tier, number> = { unit: availableParallelism(), int: 2, e2e: 1 };
const logCheck = 'logs captured during the suite contain no full token, secret or password';

function parseCommandLine(): { tiers: readonly Tier[]; roots: string[]; defaultRoots: boolean } {
  const usage = 'usage: node tools/run-tests.ts --tier unit|int|e2e|all [projectRoot ...]';
  const { values, positionals } = parseArgs({ options: { tier: { type: 'string' } }, allowPositionals: true });
  const tier = values.tier;
  if (tier !== 'all' && !tiers.includes(tier as Tier)) fail(usage);
  const roots = positionals.length > 0 ? positionals : defaultRoots;
  for (const root of positionals) if (!existsSync(path.resolve(repoRoot, root))) fail(`no such project root: ${root}\n${usage}`);
  return { tiers: tier === 'all' ? tiers : [tier as Tier], roots, defaultRoots: positionals.length === 0 };
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function tierOf(file: string): Tier | undefined {
  if (file.endsWith('.e2e.test.ts')) return 'e2e';
  if (file.endsWith('.int.test.ts')) return 'int';
  return file.endsWith('.test.ts') ? 'unit' : undefined;
}

function findTestFiles(roots: string[]): Map<Tier, string[]> {
  const byTier = new Map<Tier, string[]>(tiers.map((tier) => [tier, []]));
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && !skippedDirectories.has(entry.name)) visit(full);
      const tier = entry.isFile() ? tierOf(entry.name) : undefined;
      if (tier) byTier.get(tier)?.push(full);
    }
  };
  for (const root of roots) {
    const absolute = path.resolve(repoRoot, root);
    if (existsSync(absolute) && statSync(absolute).isDirectory()) visit(absolute);
  }
  for (const files of byTier.values()) files.sort();
  return byTier;
}

/** Runs one tier's files, streaming the spec report, and counts tests (not suites) from the event stream. */
async function runTier(tier: Tier, files: string[], env: NodeJS.ProcessEnv): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  const stream = run({
    files,
    cwd: repoRoot,
    env,
    isolation: 'process',
    concurrency: concurrency[tier],
    timeout: testTimeoutMs,
    signal: AbortSignal.timeout(tierTimeoutMs),
  });
  // A file that fails to load, or exits non-zero, is reported as a failed test named after the file.
  stream.on('test:pass', ({ details, skip, todo }) => {
    if (details.type === 'suite') return;
    if (skip !== undefined || todo !== undefined) counts.skipped += 1;
    else counts.passed += 1;
  });
  stream.on('test:fail', ({ details, todo }) => {
    if (details.type === 'suite') return;
    // A failing todo test is expected to fail: node:test does not fail the run for it either.
    if (todo !== undefined) counts.skipped += 1;
    else counts.failed += 1;
  });
  for await (const chunk of stream.compose(spec)) process.stdout.write(chunk);
  return counts;
}

/** Resolves the infrastructure for int/e2e once, the first time a tier needs it, and stops what it started. */
function infrastructureOnce() {
  let resolving: Promise<ResolvedInfrastructure> | undefined;
  return {
    get(): Promise<ResolvedInfrastructure> {
      resolving ??= resolveInfrastructure((line) => console.error(line)).then((resolved) => {
        console.log(`infrastructure: using ${resolved.source} (${resolved.reason})`);
        return resolved;
      });
      return resolving;
    },
    async stop(): Promise<void> {
      const resolved = await resolving?.catch(() => undefined);
      await resolved?.stop();
    },
  };
}

/** The directory where every service started by an int or e2e test keeps its output, made when a tier first runs. */
function logDirectoryOnce() {
  let directory: string | undefined;
  return {
    get: () => (directory ??= mkdtempSync(path.join(tmpdir(), 'tessera-test-logs-'))),
    made: () => directory,
  };
}

type LogDirectory = ReturnType<typeof logDirectoryOnce>;

async function runTierFiles(tier: Tier, files: string[], roots: string[], infrastructure: ReturnType<typeof infrastructureOnce>, logs: LogDirectory): Promise<Counts> {
  if (files.length === 0) {
    console.log(`${tier}: no test files under ${roots.join(', ')}; nothing to run`);
    return { passed: 0, failed: 0, skipped: 0 };
  }
  console.log(`${tier}: ${files.length} test file(s)`);
  if (tier === 'unit') return runTier(tier, files, process.env);
  let resolved: ResolvedInfrastructure;
  try {
    resolved = await infrastructure.get();
  } catch (error) {
    // Every file of the tier counts as failed: it could not run, and that must not look like a pass.
    console.error(`${tier}: cannot run ${files.length} test file(s) without infrastructure:`, error);
    return { passed: 0, failed: files.length, skipped: 0 };
  }
  return runTier(tier, files, { ...process.env, ...resolved.env, TESSERA_TEST_LOG_DIR: logs.get() });
}

/**
 * One counted check over everything the suite's services printed; the logs stay behind only when it fails. A scan
 * of no file proves nothing, so it never passes: every e2e test starts services, so after an e2e tier it means
 * their output never reached the directory, and fails; int tests alone may start none, so there it is skipped.
 */
function checkLogs(directory: string, e2eRan: boolean): Counts {
  let scan: LogScan;
  try {
    scan = scanLogs(directory);
  } catch (error) {
    console.error(`✖ ${logCheck}: could not read ${directory}:`, error);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (scan.files === 0 && e2eRan) {
    console.log(`✖ ${logCheck}: the e2e tier ran, yet no service output reached ${directory}, so nothing was checked`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (scan.files === 0) {
    console.log(`﹣ ${logCheck}: skipped, no service wrote output to check`);
    rmSync(directory, { recursive: true, force: true });
    return { passed: 0, failed: 0, skipped: 1 };
  }
  if (scan.leaks.length === 0) {
    console.log(`✔ ${logCheck} (${scan.lines} lines in ${scan.files} files)`);
    rmSync(directory, { recursive: true, force: true });
    return { passed: 1, failed: 0, skipped: 0 };
  }
  console.log(`✖ ${logCheck}: ${scan.leaks.length} of ${scan.lines} lines leak a credential; the logs are kept in ${directory}`);
  for (const { file, line, kinds, excerpt } of scan.leaks) console.log(`  ${file}:${line} (${kinds.join(', ')}): ${excerpt}`);
  return { passed: 0, failed: 1, skipped: 0 };
}

function add(total: Counts, counts: Counts): void {
  for (const key of ['passed', 'failed', 'skipped'] as const) total[key] += counts[key];
}

async function main(): Promise<number> {
  const options = parseCommandLine();
  const files = findTestFiles(options.roots);
  const infrastructure = infrastructureOnce();
  const logs = logDirectoryOnce();
  // Each tier's counts, and the log check's, in the order they ran: printed apart so a report can quote them.
  const counted: [string, Counts][] = [];
  try {
    for (const tier of options.tiers) counted.push([tier, await runTierFiles(tier, files.get(tier) ?? [], options.roots, infrastructure, logs)]);
  } finally {
    await infrastructure.stop();
  }
  const logDirectory = logs.made();
  const e2eRan = (files.get('e2e') ?? []).length > 0 && options.tiers.includes('e2e');
  if (logDirectory) counted.push(['log check', checkLogs(logDirectory, e2eRan)]);
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const [name, counts] of counted) {
    console.log(`${name}: ${summary(counts)}`);
    add(total, counts);
  }
  console.log(summary(total));
  if (total.failed > 0) return 1;
  if (total.passed + total.skipped === 0 && options.defaultRoots && options.tiers.length === tiers.length) {
    console.error('ran no test: with --tier all over the whole repository, that means test discovery is broken');
    return 1;
  }
  return 0;
}

function summary({ passed, failed, skipped }: Counts): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

process.exitCode = await main();
