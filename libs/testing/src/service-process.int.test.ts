import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatToken } from '@tessera/domain';
import { scanLogs } from './log-scan.ts';
import { testPassword } from './passwords.ts';
import { freePort } from './ports.ts';
import { startServiceProcess } from './service-process.ts';
import { waitFor } from './wait.ts';

// Tiny services written for these tests; some mark themselves ready by creating $READY_FILE (atomically, by
// renaming, so a reader never sees it empty).
const scripts = {
  polite: `
    import { renameSync, writeFileSync } from 'node:fs';
    console.log('starting on stdout');
    console.error('a warning on stderr');
    const keepAlive = setInterval(() => {}, 1000);
    process.on('SIGTERM', () => { console.log('got SIGTERM'); clearInterval(keepAlive); });
    writeFileSync(process.env.READY_FILE + '.tmp', String(process.pid));
    renameSync(process.env.READY_FILE + '.tmp', process.env.READY_FILE);
  `,
  stubborn: `
    import { renameSync, writeFileSync } from 'node:fs';
    setInterval(() => {}, 1000);
    process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
    writeFileSync(process.env.READY_FILE + '.tmp', String(process.pid));
    renameSync(process.env.READY_FILE + '.tmp', process.env.READY_FILE);
  `,
  leaky: `
    console.log(process.env.LEAK_TOKEN);
    console.error('password', process.env.LEAK_PASSWORD);
  `,
  crashing: `
    console.error('TOKEN_DATABASE_URL is required but not set');
    process.exit(78);
  `,
  listening: `
    import { createServer } from 'node:net';
    createServer((socket) => socket.end()).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
  `,
  // Starts a service through the library and records its pid; SIGUSR2 makes it exit normally, SIGTERM kills it.
  parent: `
    import { writeFileSync } from 'node:fs';
    const { startServiceProcess } = await import(process.env.LIBRARY);
    const service = await startServiceProcess({
      name: 'child', entry: process.env.CHILD_ENTRY, ready: async () => true, env: { READY_FILE: process.env.CHILD_READY_FILE },
    });
    process.on('SIGUSR2', () => process.exit(0));
    setInterval(() => {}, 1000);
    writeFileSync(process.env.PID_FILE, String(service.pid));
  `,
};

let dir = '';
const entry = (name: keyof typeof scripts) => path.join(dir, `${name}.ts`);
const readyFile = (label: string) => path.join(dir, `${label}.ready`);

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'service-process-test-'));
  for (const [name, source] of Object.entries(scripts)) writeFileSync(path.join(dir, `${name}.ts`), source);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('startServiceProcess', () => {
  it('waits until ready, captures stdout and stderr, and stops with SIGTERM', async () => {
    const ready = readyFile('polite');
    const service = await startServiceProcess({ name: 'polite', entry: entry('polite'), env: { READY_FILE: ready }, ready: async () => existsSync(ready) });
    assert.equal(readFileSync(ready, 'utf8'), String(service.pid));
    await waitFor(() => service.output().includes('a warning on stderr'), { description: 'stderr to be captured' });
    assert.match(service.output(), /starting on stdout/);
    assert.deepEqual(await service.stop(), { code: 0, signal: null, forced: false });
    assert.match(service.output(), /got SIGTERM/);
    assert.equal(isAlive(service.pid), false);
  });

  it('waits for a real readiness probe, e.g. a port that accepts connections', async () => {
    const port = await freePort();
    const service = await startServiceProcess({ name: 'listening', entry: entry('listening'), env: { PORT: String(port) }, ready: () => accepts(port) });
    assert.equal(await accepts(port), true);
    await service.stop();
  });

  it('fails fast with the output when the service exits before it is ready', async () => {
    const started = Date.now();
    await assert.rejects(
      startServiceProcess({ name: 'crashing', entry: entry('crashing'), ready: async () => false, readyTimeoutMs: 30_000 }),
      /crashing exited \(exit code 78\) before it was ready\. Its output:\nTOKEN_DATABASE_URL is required but not set/,
    );
    assert.ok(Date.now() - started < 10_000, 'did not wait for the ready deadline');
  });

  it('kills a service that does not become ready in time, naming it in the error', async () => {
    const error = await startServiceProcess({ name: 'stubborn', entry: entry('stubborn'), env: { READY_FILE: readyFile('late') }, ready: async () => false, readyTimeoutMs: 1_000 }).then(
      () => assert.fail('started'),
      (rejection: Error) => rejection,
    );
    assert.match(error.message, /^timed out after 1000 ms waiting for stubborn to be ready; last value: false\. Output of stubborn \(pid \d+, now killed\):/);
    const pid = Number(/pid (\d+)/.exec(error.message)?.[1]);
    assert.equal(isAlive(pid), false);
  });

  it('SIGKILLs a service that ignores the stop signal past the deadline, and says so', async () => {
    const ready = readyFile('stubborn');
    const service = await startServiceProcess({ name: 'stubborn', entry: entry('stubborn'), env: { READY_FILE: ready }, ready: async () => existsSync(ready) });
    assert.deepEqual(await service.stop('SIGTERM', 300), { code: null, signal: 'SIGKILL', forced: true });
    assert.match(service.output(), /ignoring SIGTERM/);
  });

  it('reports an exit the service made by itself through waitForExit()', async () => {
    const service = await startServiceProcess({ name: 'listening', entry: entry('listening'), env: { PORT: 'not-a-port' }, ready: async () => true });
    const exit = await service.waitForExit();
    assert.notEqual(exit.code, 0);
    assert.match(service.output(), /ERR_SOCKET_BAD_PORT/);
  });

  it('writes what the service printed to the file TESSERA_TEST_LOG_DIR asks for, where the log scan finds it', async () => {
    const logDir = path.join(dir, 'captured');
    const [token, password] = [formatToken(randomBytes(32)), testPassword('leaked')];
    // The runner's own log directory, when it runs this file, is put back afterwards.
    const runnersLogDir = process.env['TESSERA_TEST_LOG_DIR'];
    process.env['TESSERA_TEST_LOG_DIR'] = logDir;
    try {
      const service = await startServiceProcess({ name: 'leaky', entry: entry('leaky'), env: { LEAK_TOKEN: token, LEAK_PASSWORD: password }, ready: async () => true });
      assert.equal((await service.waitForExit()).code, 0);
      assert.deepEqual(readdirSync(logDir), [`leaky-${service.pid}.log`]);
    } finally {
      if (runnersLogDir === undefined) delete process.env['TESSERA_TEST_LOG_DIR'];
      else process.env['TESSERA_TEST_LOG_DIR'] = runnersLogDir;
    }
    assert.deepEqual(scanLogs(logDir).leaks.map(({ kinds }) => kinds).sort(), [['password'], ['token or secret']]);
  });

  for (const [how, signal] of [['process.exit()', 'SIGUSR2'], ['a signal', 'SIGTERM']] as const) {
    it(`kills its services when the test process ends by ${how}`, async () => {
      const pidFile = path.join(dir, `parent-${signal}.pid`);
      const parent = spawn(process.execPath, [entry('parent')], {
        env: {
          ...process.env,
          LIBRARY: new URL('./service-process.ts', import.meta.url).href,
          CHILD_ENTRY: entry('stubborn'),
          CHILD_READY_FILE: readyFile(`parent-${signal}`),
          PID_FILE: pidFile,
        },
        stdio: 'inherit',
      });
      const parentExit = new Promise((resolve) => parent.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })));
      const pid = Number(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8'), { description: 'the child pid' }));
      assert.equal(isAlive(pid), true);
      try {
        parent.kill(signal);
        assert.deepEqual(await parentExit, signal === 'SIGTERM' ? { code: null, signal: 'SIGTERM' } : { code: 0, signal: null });
        await waitFor(() => !isAlive(pid), { description: `service pid ${pid} to be gone after its parent ended` });
      } finally {
        killQuietly(pid); // if the test failed, do not leave the orphan behind
      }
    });
  }
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
    socket.once('close', () => socket.destroy());
    socket.setTimeout(1_000, () => socket.destroy());
  });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Whether a process runs; a zombie (exited, not yet reaped by an init that may never reap it) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !(existsSync(stat) && /^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8')));
}
