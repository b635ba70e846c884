import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-root.ts';

const installer = 'infra/local/ensure-client-tools';
const toolsDirectory = path.join(repoRoot, '.tessera', 'tools');

/** The real clients tests drive: Go binaries, and the Python venv's console scripts (tools/clients/requirements.txt). */
export type ClientTool = 'grpcurl' | 'grpc-health-probe' | 'ghz' | 'python' | 'st' | 'qfieldcloud-cli';

/**
 * The path of an installed client tool. `npm test` installs them first (infra/local/ensure-client-tools); a test
 * run by hand on a machine without them is told how to get them, instead of failing somewhere inside a spawn.
 */
export function clientTool(tool: ClientTool): string {
  const executable = ['python', 'st', 'qfieldcloud-cli'].includes(tool) ? path.join(toolsDirectory, 'python', 'bin', tool) : path.join(toolsDirectory, tool);
  try {
    accessSync(executable, constants.X_OK);
  } catch {
    throw new Error(`${executable} is missing. Fix: bash ${installer} (npm test runs it; it builds the Go tools and the Python venv)`);
  }
  return executable;
}
