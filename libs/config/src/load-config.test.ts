import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cidrList, ConfigError, hostPort, hostPortList, integer, json, loadConfig, optional, pemFile, secret, url, withDeadline } from './index.ts';

const spec = {
  databaseUrl: url('TOKEN_DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }),
  brokers: hostPortList('KAFKA_BROKERS', '127.0.0.1:9092'),
  listen: hostPort('TOKEN_GRPC_ADDRESS', '127.0.0.1:50051'),
  flushMs: integer('USAGE_FLUSH_MS', { fallback: 1000, min: 10, max: 60_000 }),
  adminPassword: optional(secret('ADMIN_PASSWORD', { minLength: 12 })),
};

describe('loadConfig', () => {
  it('applies defaults and parses values', () => {
    const config = loadConfig(spec, { TOKEN_DATABASE_URL: 'postgres://u:p@db:5432/x', KAFKA_BROKERS: 'a:1, b:2' });
    assert.deepEqual(config, {
      databaseUrl: 'postgres://u:p@db:5432/x',
      brokers: ['a:1', 'b:2'],
      listen: { host: '127.0.0.1', port: 50051 },
      flushMs: 1000,
      adminPassword: undefined,
    });
  });

  it('names every bad or missing variable in one error', () => {
    const error = captureConfigError(() =>
      loadConfig(spec, { KAFKA_BROKERS: 'no-port', TOKEN_GRPC_ADDRESS: '[::1]:99999', USAGE_FLUSH_MS: '5' }),
    );
    assert.equal(error.problems.length, 4);
    assert.match(error.message, /TOKEN_DATABASE_URL is required but not set/);
    assert.match(error.message, /KAFKA_BROKERS \(got "no-port"\): expected a comma-separated list of host:port/);
    assert.match(error.message, /TOKEN_GRPC_ADDRESS .*expected host:port/);
    assert.match(error.message, /USAGE_FLUSH_MS .*from 10 to 60000/);
  });

  it('rejects an unparsable URL and a URL of the wrong kind', () => {
    const unparsable = captureConfigError(() => loadConfig(spec, { TOKEN_DATABASE_URL: 'postgres//nope' }));
    assert.match(unparsable.message, /TOKEN_DATABASE_URL \(got "postgres\/\/nope"\): not a URL/);
    const wrongKind = captureConfigError(() => loadConfig(spec, { TOKEN_DATABASE_URL: 'redis://h:1' }));
    assert.match(wrongKind.message, /expected a postgres: or postgresql: URL, not redis:/);
  });

  it('never echoes a secret back', () => {
    const error = captureConfigError(() =>
      loadConfig(spec, { TOKEN_DATABASE_URL: 'postgres://h/x', ADMIN_PASSWORD: 'hunter2' }),
    );
    assert.match(error.message, /ADMIN_PASSWORD: must be at least 12 characters/);
    assert.doesNotMatch(error.message, /hunter2/);
  });
});

describe('cidrList reader', () => {
  const proxies = { trusted: cidrList('TRUSTED_PROXIES', []) };
  it('reads addresses and ranges of either family, and nothing when unset', () => {
    assert.deepEqual(loadConfig(proxies, { TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::1' }), { trusted: ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32', '::1'] });
    assert.deepEqual(loadConfig(proxies, {}), { trusted: [] });
  });
  it('refuses a name, a prefix out of range, and a range that would trust every address', () => {
    for (const value of ['proxy.internal', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/1', '0.0.0.0/0', '::/0', '10.0.0.0/']) {
      assert.match(captureConfigError(() => loadConfig(proxies, { TRUSTED_PROXIES: value })).message, /TRUSTED_PROXIES .*is not an address or a CIDR range/, value);
    }
  });
});

describe('credentials in URLs', () => {
  it('are masked where a refused URL is echoed back', () => {
    const cases = {
      'redis://tessera:hunter2-with@sign@cache:6379': 'redis://tessera:***@cache:6379',
      'postgres//app:s3cret-pw@db:5432/tessera': '//app:***@db:5432/tessera',
      'mysql://db/tessera?sslmode=require&password=s3cret-pw': '?sslmode=require&password=***',
    };
    for (const [value, masked] of Object.entries(cases)) {
      const error = captureConfigError(() => loadConfig(spec, { TOKEN_DATABASE_URL: value }));
      assert.ok(error.message.includes(masked), error.message);
      assert.doesNotMatch(error.message, /hunter2|s3cret/);
    }
  });

  it('are masked when a long value is shortened', () => {
    const error = captureConfigError(() => loadConfig(spec, { TOKEN_DATABASE_URL: `redis://app:${'p'.repeat(100)}@cache:6379` }));
    assert.doesNotMatch(error.message, /ppp/);
  });

  it('are masked in a start-up error that quotes what a driver was given', async () => {
    const failing = withDeadline('REDIS_URL', 'Redis', 1_000, async () => {
      throw new Error('could not connect to redis://default:hunter2-pw@10.0.0.5:6379');
    });
    await assert.rejects(failing, (error: Error) => error.message.includes('redis://default:***@10.0.0.5:6379') && !error.message.includes('hunter2'));
  });
});

function captureConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('json reader', () => {
  const routes = { routes: json('ROUTES', Type.Array(Type.Object({ prefix: Type.String({ pattern: '^/' }) })), []) };
  it('parses a value that matches its schema, and falls back when unset', () => {
    assert.deepEqual(loadConfig(routes, { ROUTES: '[{"prefix": "/a"}]' }), { routes: [{ prefix: '/a' }] });
    assert.deepEqual(loadConfig(routes, {}), { routes: [] });
  });
  it('names the variable and the path of the mistake', () => {
    assert.match(captureConfigError(() => loadConfig(routes, { ROUTES: '[{"prefix": "a"}]' })).message, /ROUTES .*: \/0\/prefix must match/);
    assert.match(captureConfigError(() => loadConfig(routes, { ROUTES: '[{' })).message, /ROUTES .*: not valid JSON/);
  });
});

describe('pemFile reader', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pem-file-'));
  const spec = { ca: optional(pemFile('REDIS_TLS_CA_FILE')) };
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  writeFileSync(path.join(dir, 'ca.pem'), pem);
  writeFileSync(path.join(dir, 'key.txt'), 'not a certificate');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the certificates of the file named, and nothing when unset', () => {
    assert.deepEqual(loadConfig(spec, { REDIS_TLS_CA_FILE: path.join(dir, 'ca.pem') }), { ca: pem });
    assert.deepEqual(loadConfig(spec, {}), { ca: undefined });
  });
  it('names the variable when the file is missing or holds no certificate', () => {
    assert.match(captureConfigError(() => loadConfig(spec, { REDIS_TLS_CA_FILE: path.join(dir, 'none.pem') })).message, /REDIS_TLS_CA_FILE .*: cannot read the file \(ENOENT\)/);
    assert.match(captureConfigError(() => loadConfig(spec, { REDIS_TLS_CA_FILE: path.join(dir, 'key.txt') })).message, /REDIS_TLS_CA_FILE .*: the file holds no PEM certificate/);
  });
});
