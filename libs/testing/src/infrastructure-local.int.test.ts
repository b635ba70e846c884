import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runCommand } from './command.ts';
import { localInfraScript, parseEnvExports } from './infrastructure-local.ts';
import { freePort } from './ports.ts';
import { repoRoot } from './repo-root.ts';

const script = localInfraScript(repoRoot);
// PostgreSQL runs as the `postgres` user only when tessera-infra runs as root: elsewhere the clone is its own.
const asRoot = process.getuid?.() === 0;

describe('tessera-infra in a folder the postgres user cannot enter', { skip: !asRoot && 'runs only as root' }, () => {
  let dir = '';
  let env: Record<string, string> = {};
  const infra = (...args: string[]) => runCommand('bash', [script, ...args], { env, timeoutMs: 180_000 });

  before(async () => {
    // mkdtemp makes it mode 700, as a clone under /root is.
    dir = mkdtempSync(path.join(tmpdir(), 'infra-private-'));
    env = { TESSERA_INFRA_DIR: path.join(dir, 'state'), TESSERA_PG_PORT: String(await freePort()) };
  });

  after(async () => {
    // Without its own state dir, down would stop the default one: the infrastructure every other test uses.
    if (!env['TESSERA_INFRA_DIR']) return;
    await infra('down', 'postgres');
    const link = path.join(dir, 'state', 'postgres');
    // The cluster's own folder outside, keyed by this state dir: nothing else uses it.
    if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(path.dirname(readlinkSync(link)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs PostgreSQL from a folder of its own outside, which down and a second up find again', async () => {
    const up = await infra('up', 'postgres');
    assert.equal(up.status, 0, up.stderr);
    const link = path.join(dir, 'state', 'postgres');
    assert.match(readlinkSync(link), /^\/var\/lib\/tessera-infra\/[0-9a-f]{16}\/postgres$/);

    const { TESSERA_PG_ADMIN_URL: url } = parseEnvExports((await infra('env')).stdout);
    const answer = async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        return (await client.query<{ db: string }>(`select string_agg(datname, ',' order by datname) as db from pg_database where datname like 'tessera_%'`)).rows[0]?.db;
      } finally {
        await client.end();
      }
    };
    assert.equal(await answer(), 'tessera_audit,tessera_token');

    const down = await infra('down', 'postgres');
    assert.equal(down.status, 0, down.stderr);
    await assert.rejects(answer(), /ECONNREFUSED/);
    const again = await infra('up', 'postgres');
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /initialising cluster/);
    assert.equal(await answer(), 'tessera_audit,tessera_token');
  });
});
