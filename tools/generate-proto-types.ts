// Regenerates the TypeScript types of proto/ into libs/contracts, with the loader options the services use.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@tessera/testing';

const protoDir = join(repoRoot, 'proto');
const outDir = join(repoRoot, 'libs/contracts/src/grpc/generated');
// Only files that declare a service are roots; the messages they import are generated with them.
const protoFiles = readdirSync(join(protoDir, 'tessera/v1'))
  .filter((f) => f.endsWith('.proto') && /^service /m.test(readFileSync(join(protoDir, 'tessera/v1', f), 'utf8')))
  .map((f) => `tessera/v1/${f}`);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
execFileSync(
  join(repoRoot, 'node_modules/.bin/proto-loader-gen-types'),
  // Files come first: --includeDirs takes every argument after it.
  [...protoFiles, '--grpcLib=@grpc/grpc-js', '--keepCase', '--longs=String', '--enums=String', '--defaults', '--oneofs',
    '--includeComments', '--importFileExtension=.ts', `--outDir=${outDir}`, '--includeDirs', protoDir],
  { stdio: 'inherit' },
);
console.log(`generated types for ${protoFiles.join(', ')} in ${outDir}`);
