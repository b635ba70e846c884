// The published OpenAPI documents are exact: schemathesis, the real CLI, generates requests from each service's served
// document (valid ones, invalid ones, undeclared methods) and checks every answer against it. A generated client is
// only as correct as the document it is generated from.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clientTool, gatewayLogin, startPlatform, type Platform } from '@tessera/testing';

// Bounded and repeatable: a fixed seed, 30 examples an operation (as the run that found issue 16's mismatches).
const examplesPerOperation = 30;
const seed = 16;
const runTimeoutMs = 240_000;

/**
 * Operations that end the credential they are called with, or could end the run's own: each runs alone, with a
 * token of its own, after the main run, so no later case is answered 401 only because an earlier one logged out.
 * Logging out everywhere ends every token of the bootstrap admin: it runs last.
 */
const credentialEnding = [
  'POST /api/v1/auth/logout/',
  'GET /api/v1/auth/logout/',
  'DELETE /api/v1/auth/tokens/{token_id}/',
  'DELETE /api/v1/admin/tokens/{token_id}/',
  'POST /api/v1/admin/tokens/expire/',
  'POST /api/v1/admin/users/{user_id}/deactivate/',
  'POST /api/v1/auth/logout/everywhere/',
];

describe('the OpenAPI documents describe exactly what the services take and answer (schemathesis)', () => {
  let platform: Platform;
  let workDirectory: string;
  // One token a run, all signed in before any run: a run may lock the bootstrap admin's sign-in (it tries passwords).
  // As a multi-token client (cli): a single-token client's sign-in would end the tokens signed in before it.
  const tokens = new Map<string, string>();

  before(async () => {
    platform = await startPlatform('contracts', { services: ['token-service', 'audit-service', 'gateway'] });
    workDirectory = mkdtempSync(join(tmpdir(), 'schemathesis-'));
    for (const run of ['audit', 'gateway', ...credentialEnding]) tokens.set(run, await gatewayLogin(platform.urls.gateway, { userAgent: 'cli|contracts' }));
  });

  after(async () => {
    await platform?.stop();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  /** schemathesis.toml, and for the gateway its operations' own settings (gateway-operations.toml). */
  function configFor(service: 'gateway' | 'audit'): string {
    const parts = ['schemathesis.toml', ...(service === 'gateway' ? ['gateway-operations.toml'] : [])];
    const path = join(workDirectory, `${service}.toml`);
    writeFileSync(path, parts.map((part) => readFileSync(join(import.meta.dirname, part), 'utf8')).join('\n'));
    return path;
  }

  /** Runs `st run` against a served document; its report is the assertion's message, naming every mismatch. */
  async function schemathesis(document: string, token: string, filters: string[], headers: string[] = []): Promise<void> {
    const args = [
      '--config-file', configFor(document.startsWith(platform.urls.gateway) ? 'gateway' : 'audit'),
      'run', document,
      '--checks', 'all',
      '--max-examples', String(examplesPerOperation),
      '--seed', String(seed),
      // One worker: with several, hypothesis' lambda descriptions race in CPython 3.11's ast.parse (an internal error).
      '--workers', '1',
      '--request-timeout', '10',
      '--generation-database', 'none',
      '--no-color',
      // Schemathesis hides the Authorization header and credential-like parameters in what it prints.
      '--header', `Authorization: Token ${token}`,
      ...headers.flatMap((header) => ['--header', header]),
      ...filters,
    ];
    const { code, output } = await new Promise<{ code: number | string | null; output: string }>((resolve) => {
      execFile(clientTool('st'), args, { cwd: workDirectory, timeout: runTimeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code ?? error.signal ?? 'failed') : 0, output: `${stdout}${stderr}` }),
      );
    });
    assert.equal(code, 0, `schemathesis found mismatches with ${document} (exit ${code}):\n${output}`);
    assert.match(output, /Tested: [1-9]/, output);
  }

  it("the audit service's document", { timeout: runTimeoutMs + 10_000 }, async () => {
    await schemathesis(
      `${platform.urls.audit}/openapi.json`,
      tokens.get('audit')!,
      // A live feed answers an endless text/event-stream; schemathesis reads an answer to its end, so it would only time out.
      ['--exclude-name', 'GET /api/v1/events/stream'],
      // The token-activity route is for the gateway, which proves itself with the service secret.
      [`x-tessera-service-secret: ${platform.serviceSecret}`],
    );
  });

  it("the gateway's document, but for the operations that end a credential", { timeout: runTimeoutMs + 10_000 }, async () => {
    await schemathesis(`${platform.urls.gateway}/openapi.json`, tokens.get('gateway')!, credentialEnding.flatMap((name) => ['--exclude-name', name]));
  });

  for (const operation of credentialEnding) {
    it(`the gateway's ${operation}, alone, with a token of its own`, { timeout: runTimeoutMs + 10_000 }, async () => {
      await schemathesis(`${platform.urls.gateway}/openapi.json`, tokens.get(operation)!, ['--include-name', operation]);
    });
  }
});
