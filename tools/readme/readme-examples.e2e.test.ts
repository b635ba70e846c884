import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { clientTool, repoRoot, runCommand, startPlatform, type Platform } from '@tessera/testing';
import { compactOutput, readmeExamples, shownPattern, type ReadmeExample } from './readme-examples.ts';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
// The addresses and bootstrap password `npm start` uses, which the README's examples are written against.
const readmeAddresses = { gateway: '127.0.0.1:8080', audit: '127.0.0.1:8081', tokenService: '127.0.0.1:50051' } as const;
const readmeAdminPassword = 'tessera-dev-admin';
// Stands for the token the login example printed, in the commands that use it.
const tokenPlaceholder = 'tst_…';

/** Clients run against the platform; the other examples (npm, docker, exports) set it up and have tests of their own. */
const clientPrograms = ['curl', 'grpcurl'];
const program = (example: ReadmeExample) => example.command.split(/\s/, 1)[0] ?? '';
const isAssignment = (example: ReadmeExample) => /^[A-Za-z_]\w*=/.test(example.command);
const allExamples = readmeExamples(readme);
const examples = allExamples.filter((example) => clientPrograms.includes(program(example)) || isAssignment(example));
// A stream (`curl -N`) never ends by itself: the README shows what it prints first.
const isStream = (example: ReadmeExample) => /\s-N\s/.test(example.command);

describe("README: its examples, as written, against a running platform", () => {
  let platform: Platform;
  let token: string | undefined;
  // Shell variables the examples set (`T=…`), for the examples after them.
  const assignments: string[] = [];

  /** The example as a user types it: the running platform's addresses, and the token the login printed. */
  const asTyped = (command: string) => {
    let typed = command;
    for (const service of ['gateway', 'audit', 'tokenService'] as const) {
      typed = typed.replaceAll(readmeAddresses[service], platform.urls[service].replace(/^http:\/\//, ''));
    }
    if (typed.includes(tokenPlaceholder)) {
      assert.ok(token, 'an example uses the token before the login example printed one');
      typed = typed.replaceAll(tokenPlaceholder, token);
    }
    return typed;
  };

  before(async () => {
    platform = await startPlatform('readme', {
      services: ['token-service', 'audit-service', 'gateway'],
      env: { TESSERA_BOOTSTRAP_ADMIN_PASSWORD: readmeAdminPassword },
    });
  });

  after(async () => {
    await platform?.stop();
  });

  it('finds the client examples, and every one that names the platform is run here', () => {
    assert.deepEqual([...new Set(examples.map(program).filter((name) => clientPrograms.includes(name)))].sort(), clientPrograms);
    const addressed = allExamples.filter((example) => Object.values(readmeAddresses).some((address) => example.command.includes(address)));
    assert.deepEqual(addressed.filter((example) => !examples.includes(example)).map((example) => example.command), []);
  });

  for (const example of examples) {
    const title = `README.md:${example.line}: ${example.command.split('\n')[0]}`;
    if (isAssignment(example)) {
      it(title, () => {
        assignments.push(asTyped(example.command));
      });
      continue;
    }
    it(title, async () => {
      assert.notDeepEqual(example.shows, [], 'the README shows what this example prints');
      const pattern = shownPattern(example.shows, { prefix: isStream(example) });
      // The script goes to bash on standard input, so the token is not on bash's command line.
      const result = await runCommand('bash', ['-s'], {
        input: [...assignments, asTyped(example.command)].join('\n'),
        env: {
          PATH: `${dirname(clientTool('grpcurl'))}:${process.env['PATH'] ?? ''}`,
          // As a reader who started the platform with a secret of their own exports it (the README's gRPC section).
          TESSERA_SERVICE_SECRET: platform.serviceSecret,
        },
        ...(isStream(example) ? { until: (stdout: string) => pattern.test(stdout) } : {}),
      });
      if (!isStream(example)) assert.equal(result.status, 0, `it exited ${result.status}: ${result.stderr}`);
      const output = compactOutput(result.stdout);
      token ??= /"token":"(tst_[^"]+)"/.exec(output)?.[1];
      // A failed match shows the output: without the tokens and secrets in it.
      assert.match(output.replace(/tst_[0-9A-Za-z]{20,}/g, 'tst_(hidden)'), pattern, `the README shows:\n${example.shows.join('\n')}`);
    });
  }
});
