import { execFile, spawn } from 'node:child_process';
import path from 'node:path';

const upTimeoutMs = 10 * 60_000; // a first `up` may download and initialise everything
const envTimeoutMs = 30_000;

export function localInfraScript(repoRoot: string): string {
  return path.join(repoRoot, 'infra', 'local', 'tessera-infra');
}

/**
 * Brings the local provisioning up (idempotent; it keeps running between runs, like a developer's own
 * services) and returns the variables its `env` command exports.
 */
export async function startLocalInfrastructure(script: string, log: (line: string) => void): Promise<Record<string, string>> {
  await runUp(script);
  const env = parseEnvExports(await runEnv(script));
  log(`infrastructure: local provisioning is up and stays up for later runs (stop it with: bash ${script} down)`);
  return env;
}

/** Parses `export NAME=value` lines (value optionally quoted); other lines are ignored. */
export function parseEnvExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*?)\s*$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    env[match[1]] = unquote(match[2]);
  }
  return env;
}

function runUp(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its progress goes to our stderr: people see what a slow first start is doing, and stdout stays clean.
    const child = spawn('bash', [script, 'up'], { stdio: ['ignore', 2, 2], timeout: upTimeoutMs, killSignal: 'SIGKILL' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else if (signal) reject(new Error(`${script} up was stopped by ${signal} (deadline ${upTimeoutMs} ms)`));
      else reject(new Error(`${script} up failed with exit code ${code}; its output is above`));
    });
  });
}

function runEnv(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [script, 'env'], { timeout: envTimeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} env failed: ${stderr.trim() || error.message}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}
