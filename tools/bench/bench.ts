// `npm run bench` (issue 17): Tessera against its ceilings, in production shape, on this machine.
//   node tools/bench/bench.ts [--smoke] [--out <dir>]
// Full runs write docs/benchmarks.{md,json,svg}; smoke runs write to --out or a temporary directory, never docs/.
// Progress goes to stderr, one line per scenario and round; the table goes to stdout.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serviceProcessEnvironment } from '@tessera/config';
import { tokenTopicPartitions, tokenTopics } from '@tessera/contracts';
import {
  bootstrapAdmin, createTestDatabase, freePort, gatewayLogin, getInfrastructure, grpcHealthStatus, repoRoot, startPlatform,
  startServiceProcess, tokenServiceClient, uniqueName, waitFor, type Platform, type ServiceProcess,
} from '@tessera/testing';
import { Redis } from 'ioredis';
// Bare kafkajs for the bench's producer, as for its ceiling: eslint.config.mjs allows this folder to import it.
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { backgroundWrk, ghz, killLoad, wrk, type LoadResult } from './load.ts';
import { atLeast, atMost, table, writeOutputs, type Report, type SweepPoint, type Target } from './report.ts';

const { values: args } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, out: { type: 'string' } } });
const smoke = args.smoke;
const settings = smoke
  ? { rounds: 1, seconds: 1, warmup: 0, sweep: [1, 8], sweepSeconds: 1, revocations: 5, lagSamples: 3, seededLogins: 200, logins: 3, loginBurst: 8, hashes: 4, store: [1_000, 20_000], realTokens: 20, auditMessages: 2_000, settleMs: 2_000 }
  : { rounds: 3, seconds: 5, warmup: 2, sweep: [1, 8, 32, 64], sweepSeconds: 3, revocations: 1_000, lagSamples: 20, seededLogins: 20_000, logins: 20, loginBurst: 64, hashes: 30, store: [10_000, 1_000_000], realTokens: 1_000, auditMessages: 50_000, settleMs: 10_000 };
const started = Date.now();
const progress = (line: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

// ---- cleanup: everything this run starts is stopped at the end, on failure and on Ctrl-C -------------------------
const cleanups: Array<() => Promise<unknown>> = [];
async function cleanUp(): Promise<void> {
  killLoad();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => progress(`cleanup: ${String(error)}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping everything this run started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---- helpers --------------------------------------------------------------------------------------------------------
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const rate = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime, stime (fields 14 and 15 of stat)
};
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

/** A before B before A before B...; per round the ratio of throughputs; medians over rounds. */
async function alternate(name: string, tessera: () => Promise<LoadResult>, ceiling: () => Promise<LoadResult>) {
  if (settings.warmup > 0) await Promise.all([tessera, ceiling].map(async (run) => run()));
  const rounds: Array<{ tessera: LoadResult; ceiling: LoadResult; ratio: number }> = [];
  for (let round = 1; round <= settings.rounds; round++) {
    const a = await tessera();
    const b = await ceiling();
    rounds.push({ tessera: a, ceiling: b, ratio: a.rps / b.rps });
    progress(`${name} round ${round}/${settings.rounds}: Tessera ${rate(a.rps)} req/s p99 ${ms(a.p99Ms)} (${a.errors} errors), ceiling ${rate(b.rps)} req/s p99 ${ms(b.p99Ms)}`);
    if (a.errors > 0) progress(`${name}: WARNING: ${a.errors} of ${a.requests} requests failed`);
  }
  const side = (key: 'tessera' | 'ceiling') => ({
    rps: median(rounds.map((r) => r[key].rps)), p50Ms: median(rounds.map((r) => r[key].p50Ms)), p99Ms: median(rounds.map((r) => r[key].p99Ms)),
  });
  return { ratio: median(rounds.map((r) => r.ratio)), tessera: side('tessera'), ceiling: side('ceiling'), rounds };
}

async function http(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Token ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'user-agent': 'cli|bench' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
async function expectStatus(status: number, call: Promise<{ status: number; body: Record<string, unknown> }>) {
  const answer = await call;
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
const issueToken = async (gateway: string, admin: string, note: string) =>
  (await expectStatus(201, http('POST', `${gateway}/api/v1/auth/tokens/`, admin, { note }))) as { id: string; token: string };
async function createUser(gateway: string, admin: string, label: string) {
  const username = uniqueName(label).replaceAll('-', '_');
  const password = randomBytes(12).toString('hex');
  const user = await expectStatus(201, http('POST', `${gateway}/api/v1/admin/users/`, admin, { username, email: `${username}@bench.example`, password }));
  return { id: String(user['pk']), username, password };
}
const login = (gateway: string, user: { username: string; password: string }) => gatewayLogin(gateway, { ...user, userAgent: 'cli|bench' });

// ---- set-up ---------------------------------------------------------------------------------------------------------
function setUp(): { ghzPath: string } {
  progress('load tools: wrk and ghz (tools/bench/ensure-tools)');
  const toolsDir = execFileSync('bash', [join(repoRoot, 'tools/bench/ensure-tools')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  progress('building the bundles: nx run-many -t build -p gateway token-service audit-service');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'token-service', 'audit-service', '--outputStyle=static'], {
    cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('the build failed');
  return { ghzPath: join(toolsDir, 'ghz') };
}

async function startCeiling(kind: 'grpc' | 'http' | 'kafka' | 'otlp', env: Record<string, string> = {}) {
  const port = await freePort();
  const ready = kind === 'grpc' ? () => grpcUp(port) : async () => (await fetch(`http://127.0.0.1:${port}/`, { method: kind === 'otlp' ? 'POST' : 'GET' }).catch(() => undefined))?.ok === true;
  const running = await startServiceProcess({ name: `ceiling-${kind}`, entry: join(import.meta.dirname, 'ceiling.ts'), env: { ...env, BENCH_CEILING: kind, BENCH_PORT: String(port) }, ready, readyTimeoutMs: 60_000 });
  cleanups.push(() => running.stop());
  return { port, process: running };
}
/** The no-op server has no health service: it is up once a TCP connection is accepted. */
async function grpcUp(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    }).once('error', () => resolve(false));
  });
}

// ---- main -----------------------------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const outDir = args.out ?? (smoke ? mkdtempSync(join(tmpdir(), 'tessera-bench-')) : join(repoRoot, 'docs'));
  mkdirSync(outDir, { recursive: true });
  const runDir = join(repoRoot, '.tessera/bench', new Date().toISOString().replaceAll(':', '-'));
  mkdirSync(runDir, { recursive: true });
  // Services' stdout and stderr land in files there (or where a test runner collects them for its log scan).
  process.env['TESSERA_TEST_LOG_DIR'] ??= join(runDir, 'logs');
  const { ghzPath } = setUp();
  progress(`${smoke ? 'smoke' : 'full'} run; service logs in ${process.env['TESSERA_TEST_LOG_DIR']}; outputs to ${outDir}`);

  const infrastructure = await getInfrastructure();
  const otlp = await startCeiling('otlp');
  const upstream = await startCeiling('http');
  const noopGrpc = await startCeiling('grpc');
  const bareRestMiB = rssMiB(upstream.process.pid);
  const proxyPrefix = '/svc/bench';
  progress('starting the platform from dist/ (token service, audit service, gateway)');
  const platform: Platform = await startPlatform('bench', {
    services: ['token-service', 'audit-service', 'gateway'],
    entry: 'bundle',
    env: {
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp.port}`,
      GATEWAY_RATE_LIMIT_PER_MINUTE: '100000000', // on, but far above the load
      GATEWAY_LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      GATEWAY_PROXY_ROUTES: JSON.stringify([{ prefix: proxyPrefix, upstream: `http://127.0.0.1:${upstream.port}` }]),
    },
  });
  cleanups.push(() => platform.stop());
  const services = ['gateway', 'token-service', 'audit-service'] as const;
  const restMiB = Object.fromEntries(services.map((name) => [name, rssMiB(platform.process(name).pid)]));
  const gateway = platform.urls.gateway;
  const admin = await gatewayLogin(gateway, { ...bootstrapAdmin, userAgent: 'cli|bench' });
  const loadToken = (await issueToken(gateway, admin, 'bench load')).token;
  const auth = { authorization: `Token ${loadToken}` };
  const targets: Target[] = [];
  const scenarios: Report['scenarios'] = {};
  const sweep: Record<string, SweepPoint[]> = { 'grpc-validate': [], 'http-auth-user': [] };

  const ghzRun = (address: string, concurrency: number, seconds = settings.seconds) => () =>
    ghz({ ghz: ghzPath, repoRoot, address, concurrency, seconds, token: loadToken, serviceSecret: platform.serviceSecret });
  const wrkRun = (url: string, connections: number, seconds = settings.seconds) => () => wrk({ url, connections, seconds, headers: auth });
  const bareUrl = `http://127.0.0.1:${upstream.port}`;

  // a. gRPC Validate, cache warm
  progress('scenario a: gRPC Validate of a valid token, cache warm (ghz, 32 concurrent, 4 connections)');
  const a = await alternate('a', ghzRun(platform.urls.tokenService, 32), ghzRun(`127.0.0.1:${noopGrpc.port}`, 32));
  scenarios['a'] = { name: 'gRPC Validate, cache warm', ...a };
  targets.push({ scenario: 'a', what: 'Validate throughput / no-op grpc-js', ...atLeast(a.ratio, 0.8), detail: `${rate(a.tessera.rps)} vs ${rate(a.ceiling.rps)} req/s, p50 ${ms(a.tessera.p50Ms)} vs ${ms(a.ceiling.p50Ms)}` });
  targets.push({ scenario: 'a', what: 'Validate p99 / no-op p99', ...atMost(a.tessera.p99Ms / a.ceiling.p99Ms, 1.5), detail: `p99 ${ms(a.tessera.p99Ms)} vs ${ms(a.ceiling.p99Ms)}` });

  // b. GET /api/v1/auth/user/
  progress('scenario b: GET /api/v1/auth/user/ with a token (wrk, 32 connections) vs bare Fastify');
  const b = await alternate('b', wrkRun(`${gateway}/api/v1/auth/user/`, 32), wrkRun(`${bareUrl}/api/v1/auth/user/`, 32));
  scenarios['b'] = { name: 'GET /api/v1/auth/user/', ...b };
  targets.push({ scenario: 'b', what: '/auth/user/ throughput / bare Fastify (stretch 0.5)', ...atLeast(b.ratio, 0.25), detail: `${rate(b.tessera.rps)} vs ${rate(b.ceiling.rps)} req/s, p99 ${ms(b.tessera.p99Ms)} vs ${ms(b.ceiling.p99Ms)}` });

  // c. the authenticating proxy
  progress('scenario c: authenticated GET through the proxy vs the bare Fastify route directly');
  const c = await alternate('c', wrkRun(`${gateway}${proxyPrefix}/ping`, 32), wrkRun(`${bareUrl}${proxyPrefix}/ping`, 32));
  scenarios['c'] = { name: 'authenticated GET through the proxy', ...c };
  targets.push({ scenario: 'c', what: 'proxy throughput / bare Fastify', ...atLeast(c.ratio, 0.25), detail: `${rate(c.tessera.rps)} vs ${rate(c.ceiling.rps)} req/s, p99 ${ms(c.tessera.p99Ms)} vs ${ms(c.ceiling.p99Ms)}` });

  // the sweep, for the chart
  for (const concurrency of settings.sweep) {
    const grpcT = await ghzRun(platform.urls.tokenService, concurrency, settings.sweepSeconds)();
    const grpcC = await ghzRun(`127.0.0.1:${noopGrpc.port}`, concurrency, settings.sweepSeconds)();
    sweep['grpc-validate']!.push({ concurrency, tessera: grpcT.rps, ceiling: grpcC.rps });
    const httpT = await wrkRun(`${gateway}/api/v1/auth/user/`, concurrency, settings.sweepSeconds)();
    const httpC = await wrkRun(`${bareUrl}/api/v1/auth/user/`, concurrency, settings.sweepSeconds)();
    sweep['http-auth-user']!.push({ concurrency, tessera: httpT.rps, ceiling: httpC.rps });
    progress(`sweep concurrency ${concurrency}: Validate ${rate(grpcT.rps)} vs ${rate(grpcC.rps)}, /auth/user/ ${rate(httpT.rps)} vs ${rate(httpC.rps)} req/s`);
  }

  // e. last_used_at lag under the peak validation load
  progress(`scenario e: last_used_at lag, ${settings.lagSamples} samples under scenario b's load`);
  const lags: number[] = [];
  {
    const load = backgroundWrk({ url: `${gateway}/api/v1/auth/user/`, connections: 32, headers: auth });
    try {
      for (let i = 0; i < settings.lagSamples; i++) {
        const fresh = await issueToken(gateway, admin, `bench lag ${i}`);
        const t = Date.now();
        await expectStatus(200, http('GET', `${gateway}/api/v1/auth/user/`, fresh.token));
        await waitFor(
          async () => {
            const list = (await expectStatus(200, http('GET', `${gateway}/api/v1/auth/tokens/`, admin))) as unknown as Array<{ id: string; last_used_at: string | null }>;
            const lastUsed = list.find((token) => token.id === fresh.id)?.last_used_at;
            return lastUsed !== undefined && lastUsed !== null && lastUsed !== 'unknown';
          },
          { description: `last_used_at of ${fresh.id}`, timeoutMs: 30_000, intervalMs: 20 },
        );
        lags.push(Date.now() - t);
      }
    } finally {
      await load.stop().catch(() => undefined);
    }
  }
  scenarios['e'] = { name: 'last_used_at lag under load', p50Ms: percentile(lags, 50), p99Ms: percentile(lags, 99), samples: lags };
  progress(`e: lag p50 ${ms(percentile(lags, 50))}, p99 ${ms(percentile(lags, 99))}`);
  targets.push({ scenario: 'e', what: 'last_used_at lag p99 (ms)', ...atMost(percentile(lags, 99), 2000), detail: `p50 ${ms(percentile(lags, 50))}, ${lags.length} samples` });

  // d. revocation on every instance
  const gateways = [gateway];
  const extra: ServiceProcess[] = [];
  if (!smoke) {
    progress('scenario d: starting a second token service and a second gateway on the same databases, Redis and topics');
    const grpc2 = `127.0.0.1:${await freePort()}`;
    const http2 = `127.0.0.1:${await freePort()}`;
    extra.push(await platform.startAnother('token-service', { TOKEN_GRPC_ADDRESS: grpc2 }));
    await waitFor(async () => (await grpcHealthStatus(grpc2)) === 'SERVING', { description: 'the second token service', timeoutMs: 60_000 });
    extra.push(await platform.startAnother('gateway', { GATEWAY_HTTP_ADDRESS: http2, TOKEN_SERVICE_ADDRESS: grpc2 }));
    gateways.push(`http://${http2}`);
  }
  progress(`scenario d: ${settings.revocations} tokens issued, warmed on ${gateways.length} gateway(s), revoked, then used on each`);
  let admitted = 0;
  const deleteMs: number[] = [];
  {
    const load = backgroundWrk({ url: `${gateway}/api/v1/auth/user/`, connections: 8, headers: auth });
    try {
      for (let i = 0; i < settings.revocations; i++) {
        const via = gateways[i % gateways.length]!;
        const issued = await issueToken(via, admin, `bench revoke ${i}`);
        for (const g of gateways) await expectStatus(200, http('GET', `${g}/api/v1/auth/user/`, issued.token));
        const [answer, took] = await timed(() => http('DELETE', `${via}/api/v1/auth/tokens/${issued.id}/`, admin));
        if (answer.status >= 300) throw new Error(`DELETE answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        deleteMs.push(took);
        const uses = await Promise.all(gateways.map((g) => http('GET', `${g}/api/v1/auth/user/`, issued.token)));
        admitted += uses.filter((use) => use.status === 200).length;
        if ((i + 1) % 100 === 0) progress(`d: ${i + 1} revoked, ${admitted} admitted after revocation`);
      }
    } finally {
      await load.stop().catch(() => undefined);
      for (const running of extra) await running.stop();
    }
  }
  scenarios['d'] = { name: 'revocation', gateways: gateways.length, revoked: deleteMs.length, admitted, deleteP50Ms: percentile(deleteMs, 50), deleteP99Ms: percentile(deleteMs, 99) };
  progress(`d: ${admitted} admitted of ${deleteMs.length} revoked; DELETE p50 ${ms(percentile(deleteMs, 50))}, p99 ${ms(percentile(deleteMs, 99))}`);
  targets.push({ scenario: 'd', what: `revoked tokens admitted afterwards (of ${deleteMs.length}, ${gateways.length} gateway(s))`, ...atMost(admitted, 0), detail: `${admitted} of ${deleteMs.length * gateways.length} uses` });
  targets.push({ scenario: 'd', what: 'invalidation visible everywhere: DELETE p99 (ms)', ...atMost(percentile(deleteMs, 99), 50), detail: `DELETE p50 ${ms(percentile(deleteMs, 50))}` });

  // f. login
  progress(`scenario f: login after ${settings.seededLogins} earlier logins vs a fresh user's; logins vs argon2id per CPU second`);
  const tokenDb = new pg.Client({ connectionString: platform.tokenDatabase.url });
  await tokenDb.connect();
  cleanups.push(() => tokenDb.end());
  const heavy = await createUser(gateway, admin, 'bench-heavy');
  const fresh = await createUser(gateway, admin, 'bench-fresh');
  await tokenDb.query(
    `insert into events (event_id, stream_id, stream_version, type, schema_version, data)
     select gen_random_uuid(), $1, base.v + g, case when g % 10 = 0 then 'LoginFailed' else 'LoginSucceeded' end, 1,
            jsonb_build_object('user_id', $2::text, 'client_type', 'cli', 'user_agent', 'cli|bench', 'ip', '127.0.0.1',
                               'at', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            || case when g % 10 = 0 then jsonb_build_object('reason', 'wrong_password') else jsonb_build_object('token_id', 'tok_seeded_' || g) end
     from generate_series(1, $3::int) g, (select coalesce(max(stream_version), 0) as v from events where stream_id = $1) base`,
    [`user-${heavy.id}`, heavy.id, settings.seededLogins],
  );
  await login(gateway, heavy); // the first login after the seeding may do one-off work (a snapshot); steady state is measured
  await login(gateway, fresh);
  const heavyMs: number[] = [];
  const freshMs: number[] = [];
  for (let i = 0; i < settings.logins; i++) {
    heavyMs.push((await timed(() => login(gateway, heavy)))[1]);
    freshMs.push((await timed(() => login(gateway, fresh)))[1]);
  }
  // One user per concurrent client: concurrent logins of one name conflict on its stream, and the gateway counts a
  // refused login towards the name's lockout.
  const burstUsers = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser(gateway, admin, `bench-burst-${i}`)));
  const tokenPid = platform.process('token-service').pid;
  const cpuBefore = cpuSeconds(tokenPid);
  let next = 0;
  await Promise.all(burstUsers.map(async (user) => {
    while (next++ < settings.loginBurst) await login(gateway, user);
  }));
  const loginsPerCpuSecond = settings.loginBurst / (cpuSeconds(tokenPid) - cpuBefore);
  // The same argon2id parameters, hashed in a process started as the services are (the same allocator settings).
  const hashing = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { argon2Sync, randomBytes } from 'node:crypto';
    const before = process.cpuUsage();
    for (let i = 0; i < ${settings.hashes}; i++) {
      argon2Sync('argon2id', { message: 'bench-password', nonce: randomBytes(16), memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 });
    }
    const used = process.cpuUsage(before);
    process.stdout.write(String((used.user + used.system) / 1e6));`], { env: { ...process.env, ...serviceProcessEnvironment() }, encoding: 'utf8' });
  if (hashing.status !== 0) throw new Error(`the argon2id ceiling failed: ${hashing.stderr}`);
  const hashesPerCpuSecond = settings.hashes / Number(hashing.stdout);
  scenarios['f'] = {
    name: 'login', seededEvents: settings.seededLogins, heavyP50Ms: median(heavyMs), freshP50Ms: median(freshMs), heavyMs, freshMs,
    loginsPerCpuSecond, hashesPerCpuSecond, burst: settings.loginBurst,
  };
  progress(`f: login p50 ${ms(median(heavyMs))} (seeded) vs ${ms(median(freshMs))} (fresh); ${loginsPerCpuSecond.toFixed(1)} logins vs ${hashesPerCpuSecond.toFixed(1)} hashes per CPU second`);
  targets.push({ scenario: 'f', what: `login p50, ${settings.seededLogins} earlier logins / fresh user`, ...atMost(median(heavyMs) / median(freshMs), 1.3), detail: `${ms(median(heavyMs))} vs ${ms(median(freshMs))}` });
  targets.push({ scenario: 'f', what: 'logins per CPU second / argon2id hashes per CPU second', ...atLeast(loginsPerCpuSecond / hashesPerCpuSecond, 0.8), detail: `${loginsPerCpuSecond.toFixed(1)} vs ${hashesPerCpuSecond.toFixed(1)}` });

  // g. Validate p99 against the size of the store
  progress(`scenario g: Validate p99 with ${settings.store[1]} tokens in the store vs ${settings.store[0]}, cold and warm`);
  const filler = await createUser(gateway, admin, 'bench-filler');
  const redis = new Redis(infrastructure.redisUrl, { lazyConnect: true });
  await redis.connect();
  cleanups.push(() => redis.quit());
  const validator = tokenServiceClient(platform.urls.tokenService, platform.serviceSecret);
  cleanups.push(async () => validator.close());
  const storeRuns: Record<string, { tokens: number; coldP99Ms: number; warmP99Ms: number; coldP50Ms: number; warmP50Ms: number }> = {};
  for (const size of settings.store) {
    const have = (await tokenDb.query<{ n: number }>('select count(*)::int as n from tokens')).rows[0]!.n;
    const seedStart = performance.now();
    await tokenDb.query(
      `insert into tokens (token_id, user_id, token_digest, masked, client_type, user_agent, note, created_at, expires_at)
       select 'tok_filler_' || $2::text || '_' || g, $1, encode(sha256(($2::text || ':' || g)::bytea), 'hex'), 'tst_fill***', 'cli', 'cli|bench',
              'filler', now(), now() + interval '30 days'
       from generate_series(1, $3::int) g`,
      [filler.id, randomUUID(), Math.max(0, size - have - settings.realTokens)],
    );
    await tokenDb.query('analyze tokens');
    progress(`g: ${size} tokens in the store (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
    const real: string[] = [];
    for (let i = 0; i < settings.realTokens; i++) real.push((await issueToken(gateway, admin, `bench store ${size} ${i}`)).token);
    // Nothing cached: the platform's Redis keys go (this scenario runs after every scenario that relies on them).
    for (let cursor = '0'; ; ) {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${platform.prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      if ((cursor = nextCursor) === '0') break;
    }
    const pass = async () => {
      const latencies: number[] = [];
      for (const token of real) {
        const [valid, took] = await timed(async () => (await validator.call('ValidationService', 'Validate', { token })).valid);
        if (!valid) throw new Error('a freshly issued token did not validate');
        latencies.push(took);
      }
      return latencies;
    };
    const cold = await pass();
    // Warm passes are repeatable: three of them, so one stall on a shared machine does not make the p99.
    const warm = (await pass()).concat(await pass(), await pass());
    storeRuns[String(size)] = { tokens: size, coldP50Ms: percentile(cold, 50), coldP99Ms: percentile(cold, 99), warmP50Ms: percentile(warm, 50), warmP99Ms: percentile(warm, 99) };
    progress(`g: ${size} tokens: cold p99 ${ms(percentile(cold, 99))}, warm p99 ${ms(percentile(warm, 99))}`);
  }
  const [small, large] = settings.store.map((size) => storeRuns[String(size)]!);
  scenarios['g'] = { name: 'Validate p99 against store size', small, large };
  targets.push({ scenario: 'g', what: `Validate p99 cold, ${large!.tokens} / ${small!.tokens} tokens`, ...atMost(large!.coldP99Ms / small!.coldP99Ms, 1.1), detail: `${ms(large!.coldP99Ms)} vs ${ms(small!.coldP99Ms)}` });
  targets.push({ scenario: 'g', what: `Validate p99 warm, ${large!.tokens} / ${small!.tokens} tokens`, ...atMost(large!.warmP99Ms / small!.warmP99Ms, 1.1), detail: `${ms(large!.warmP99Ms)} vs ${ms(small!.warmP99Ms)}` });

  // h. audit projection throughput
  scenarios['h'] = await auditScenario(platform, infrastructure.kafkaBrokers, targets);

  // i. memory
  const loadedMiB = Object.fromEntries(services.map((name) => [name, rssMiB(platform.process(name).pid)]));
  progress(`scenario i: memory; letting the services settle for ${settings.settleMs / 1000} s after the load`);
  await new Promise((resolve) => setTimeout(resolve, settings.settleMs));
  const settledMiB = Object.fromEntries(services.map((name) => [name, rssMiB(platform.process(name).pid)]));
  scenarios['i'] = { name: 'resident memory (MiB)', bareFastifyAtRest: bareRestMiB, atRest: restMiB, afterLoad: loadedMiB, settled: settledMiB };
  for (const name of services) {
    targets.push({ scenario: 'i', what: `${name} RSS at rest / bare Fastify`, ...atMost(restMiB[name]! / bareRestMiB, 1.5), detail: `${restMiB[name]!.toFixed(0)} vs ${bareRestMiB.toFixed(0)} MiB` });
    // Settled: after the pause, back within 1.25x of where it started, rather than holding what the load grew.
    targets.push({ scenario: 'i', what: `${name} RSS settled after load / at rest`, ...atMost(settledMiB[name]! / restMiB[name]!, 1.25), detail: `${restMiB[name]!.toFixed(0)} -> ${loadedMiB[name]!.toFixed(0)} -> ${settledMiB[name]!.toFixed(0)} MiB` });
  }

  const report: Report = {
    meta: {
      date: new Date().toISOString(), mode: smoke ? 'smoke' : 'full', cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.versions.node, seconds: (Date.now() - started) / 1000,
    },
    scenarios,
    sweep,
    targets,
  };
  writeOutputs(outDir, report);
  console.log(table(targets));
  console.log(`\n${targets.filter((t) => t.met).length} of ${targets.length} targets met; written to ${outDir}/benchmarks.{md,json,svg}`);
}

/** h: the audit service and the bare consumer each drain the same N messages, alternately, each from the start. */
async function auditScenario(platform: Platform, brokers: readonly string[], targets: Target[]) {
  const n = settings.auditMessages;
  progress(`scenario h: producing ${n} events and uses to a fresh topic prefix`);
  const prefix = uniqueName('bench-audit');
  const topics = tokenTopics(prefix);
  const kafka = new Kafka({ clientId: 'bench-producer', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [topics.events, topics.usage].map((topic) => ({ topic, numPartitions: tokenTopicPartitions })), waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const at = new Date().toISOString();
  const events: Array<{ key: string; value: string }> = [];
  const uses: Array<{ key: string; value: string }> = [];
  const envelope = (type: string, data: Record<string, unknown>) => ({
    key: String(data['user_id'] ?? 'unknown'),
    value: JSON.stringify({
      event_id: randomUUID(), type, schema_version: 1, stream_id: `user-${String(data['user_id'])}`, stream_version: 1, global_position: '1',
      occurred_at: at, trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, data,
    }),
  });
  for (let i = 0; events.length + uses.length < n; i++) {
    const user = `usr_bench_${i % 100}`;
    const token = `tok_bench_${i}`;
    if (i < 100) events.push(envelope('UserRegistered', { user_id: user, username: user, email: `${user}@example.com`, first_name: '', last_name: '', roles: ['user'], registered_at: at }));
    events.push(envelope('TokenIssued', { token_id: token, user_id: user, client_type: 'cli', user_agent: 'cli|1', note: 'bench', masked: 'tst_abcd***', policy: null, created_at: at, expires_at: '2030-01-01T00:00:00.000Z' }));
    for (let u = 0; u < 2; u++) {
      uses.push({ key: token, value: JSON.stringify({ event_id: randomUUID(), type: 'CredentialUsed', schema_version: 1, occurred_at: at, data: { credential: 'token', token_id: token, user_id: user, client_type: 'cli', count: 3, first_used_at: at, last_used_at: at, ip: '10.0.0.1', user_agent: 'cli|bench' } }) });
    }
    events.push(envelope('LoginFailed', { user_id: user, client_type: 'cli', user_agent: 'cli|1', ip: '198.51.100.7', at, reason: 'wrong_password' }));
    events.push(envelope('TokenRevoked', { token_id: token, user_id: user, reason: 'rotated', at }));
  }
  for (let start = 0; start < Math.max(events.length, uses.length); start += 500) {
    for (const [topic, messages] of [[topics.events, events], [topics.usage, uses]] as const) {
      const chunk = messages.slice(start, start + 500);
      if (chunk.length > 0) await producer.send({ topic, messages: chunk });
    }
  }
  await producer.disconnect();
  const total = events.length + uses.length;

  /** Polls `count` until it reaches total: the time from the first message seen to the last, both sides alike. */
  const drain = async (count: () => Promise<number>) => {
    let first: number | undefined;
    await waitFor(async () => {
      const seen = await count();
      if (seen > 0) first ??= performance.now();
      return seen >= total;
    }, { description: `${total} messages to be drained`, timeoutMs: 300_000, intervalMs: 20 });
    const seconds = Math.max(0.02, (performance.now() - first!) / 1000);
    return total / seconds;
  };
  const auditRound = async () => {
    const database = await createTestDatabase('bench_audit_h');
    const port = await freePort();
    const db = new pg.Client({ connectionString: database.url });
    try {
      const audit = await startServiceProcess({
        name: 'audit-service-h', entry: join(repoRoot, 'dist/apps/audit-service/main.mjs'),
        env: { ...platform.env, AUDIT_DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix, AUDIT_CONSUMER_GROUP: uniqueName('bench-audit-h'), AUDIT_HTTP_ADDRESS: `127.0.0.1:${port}` },
        ready: async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok === true, readyTimeoutMs: 60_000,
      });
      try {
        await db.connect();
        const perSecond = await drain(async () => Number((await db.query<{ n: string }>('select coalesce(sum(next_offset), 0)::text as n from consumer_positions')).rows[0]!.n));
        await audit.stop();
        return { perSecond, floor: await auditLogFloor(db) };
      } finally {
        await audit.stop();
      }
    } finally {
      await db.end().catch(() => undefined);
      await database.drop();
    }
  };
  const bareRound = async () => {
    const bare = await startCeiling('kafka', { KAFKA_BROKERS: brokers.join(','), BENCH_GROUP: uniqueName('bench-bare'), BENCH_TOPICS: `${topics.events},${topics.usage}` });
    try {
      return await drain(async () => ((await (await fetch(`http://127.0.0.1:${bare.port}/count`)).json()) as { parsed: number }).parsed);
    } finally {
      await bare.process.stop();
    }
  };
  /**
   * What bounds the projection: PostgreSQL alone, taking the same events into the audit log with the projection's
   * own statement, in transactions of the same size as the producer's chunks (new event ids, on the database the
   * round just filled). Only the audit log, not the other projections: a floor the projection cannot beat.
   */
  const auditLogFloor = async (db: pg.Client) => {
    const parsed = events.map((event) => JSON.parse(event.value) as { type: string; stream_id: string; occurred_at: string; data: Record<string, unknown> });
    const started = performance.now();
    for (let start = 0; start < parsed.length; start += 500) {
      const chunk = parsed.slice(start, start + 500);
      await db.query('begin');
      await db.query(
        `insert into audit_log (event_id, type, schema_version, stream_id, user_id, occurred_at, trace_id, data, source_topic, source_partition, source_offset)
         select * from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::jsonb[], $9::text[], $10::int[], $11::bigint[])
         on conflict (event_id) do nothing`,
        [
          chunk.map(() => randomUUID()), chunk.map((e) => e.type), chunk.map(() => 1), chunk.map((e) => e.stream_id),
          chunk.map((e) => (typeof e.data['user_id'] === 'string' ? e.data['user_id'] : null)), chunk.map((e) => e.occurred_at),
          chunk.map(() => '0af7651916cd43dd8448eb211c80319c'), chunk.map((e) => JSON.stringify(e.data)), chunk.map(() => 'floor'),
          chunk.map(() => 0), chunk.map((_, i) => start + i),
        ],
      );
      await db.query('commit');
    }
    return parsed.length / ((performance.now() - started) / 1000);
  };
  const rounds: Array<{ audit: number; bare: number; ratio: number; auditLogFloor: number }> = [];
  for (let round = 1; round <= settings.rounds; round++) {
    const { perSecond: audit, floor } = await auditRound();
    const bare = await bareRound();
    rounds.push({ audit, bare, ratio: audit / bare, auditLogFloor: floor });
    progress(`h round ${round}/${settings.rounds}: audit service ${rate(audit)} msg/s, bare consumer ${rate(bare)} msg/s; PostgreSQL alone, the audit log only: ${rate(floor)} rows/s`);
  }
  const ratio = median(rounds.map((r) => r.ratio));
  const audit = median(rounds.map((r) => r.audit));
  const bare = median(rounds.map((r) => r.bare));
  const floor = median(rounds.map((r) => r.auditLogFloor));
  targets.push({
    scenario: 'h', what: 'audit projection throughput / bare kafkajs consumer', ...atLeast(ratio, 0.5),
    detail: `${rate(audit)} vs ${rate(bare)} msg/s (${total} messages); PostgreSQL alone takes ${rate(floor)} events/s into the audit log`,
  });
  return { name: 'audit projection throughput', messages: total, ratio, auditPerSecond: audit, barePerSecond: bare, auditLogFloorPerSecond: floor, rounds };
}

try {
  await main();
} catch (error) {
  progress(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  // A platform that failed half-way through its start leaves services that no handle reaches; exiting runs
  // @tessera/testing's exit hook, which kills every service process still running.
  process.exit();
}
