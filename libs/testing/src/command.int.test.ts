import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from './command.ts';

const node = (source: string, options: Parameters<typeof runCommand>[2] = {}) => runCommand(process.execPath, ['-e', source], options);

describe('runCommand: a program run as from a shell', () => {
  it('feeds it standard input and its environment, and returns what it printed', async () => {
    const result = await node('process.stdin.on("data", (d) => process.stdout.write(process.env.GREETING + d)); console.error("note")', {
      input: ' world',
      env: { GREETING: 'hello' },
    });
    assert.deepEqual(result, { status: 0, stdout: 'hello world', stderr: 'note\n' });
  });

  it('returns a non-zero exit as a result', async () => {
    assert.equal((await node('process.exit(3)')).status, 3);
  });

  it('stops a stream, and what its shell started, once it printed what is awaited', { timeout: 20_000 }, async () => {
    // Two commands, so that bash forks node instead of becoming it.
    const shell = `"${process.execPath}" -e 'setInterval(() => console.log("tick"), 20)'; exit 1`;
    const result = await runCommand('bash', ['-c', shell], { until: (stdout) => stdout.includes('tick'), timeoutMs: 60_000 });
    assert.equal(result.status, null);
    assert.match(result.stdout, /^tick\n/);
  });

  it('stops a program past its deadline', { timeout: 20_000 }, async () => {
    assert.equal((await node('setInterval(() => {}, 1000)', { timeoutMs: 200 })).status, null);
  });

  it('rejects when the program cannot start', async () => {
    await assert.rejects(runCommand('/nonexistent/program', []), { code: 'ENOENT' });
  });
});
