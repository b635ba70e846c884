import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, runCommand, uniqueName, waitFor } from '@tessera/testing';
import { connectRedis, createInvalidationAnnouncer, createRedis, startLocalCache, type RedisEndpoint } from './index.ts';

// A redis-server of the test's own: the shared one has no password and no TLS, and must not be restarted.
describe('connections to a Redis that requires AUTH (an ACL user) and TLS', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-redis-'));
  const password = randomBytes(24).toString('hex');
  const certificates = { ca: '', wrongCa: '' };
  let server: ChildProcess;
  let plainPort: number;
  let tlsPort: number;

  before(async () => {
    certificates.ca = await makeCertificates(dir, 'ca', 'server');
    certificates.wrongCa = await makeCertificates(dir, 'other-ca');
    plainPort = await freePort();
    tlsPort = await freePort();
    // The configuration goes in on standard input, so the password is not in any process's arguments.
    server = spawn('redis-server', ['-'], { stdio: ['pipe', 'ignore', 'inherit'] });
    server.stdin!.end(
      [
        'bind 127.0.0.1',
        `port ${plainPort}`,
        `tls-port ${tlsPort}`,
        `tls-cert-file ${path.join(dir, 'server.crt')}`,
        `tls-key-file ${path.join(dir, 'server.key')}`,
        `tls-ca-cert-file ${path.join(dir, 'ca.crt')}`,
        'tls-auth-clients no',
        'save ""',
        'appendonly no',
        'user default off',
        `user tessera on >${password} ~* &* +@all`,
      ].join('\n'),
    );
    await waitFor(async () => (await ping({ url: plainUrl() })) === 'PONG', { timeoutMs: 15_000, description: 'the test redis-server answering' });
  });

  after(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const plainUrl = (credentials = `tessera:${password}`) => `redis://${credentials}@127.0.0.1:${plainPort}`;
  const tlsUrl = (credentials = `tessera:${password}`) => `rediss://${credentials}@127.0.0.1:${tlsPort}`;
  const ping = async (endpoint: RedisEndpoint) => {
    const redis = createRedis(endpoint, uniqueName('ping'));
    try {
      await connectRedis(redis);
      return await redis.ping();
    } finally {
      redis.disconnect();
    }
  };

  it('authenticates as the ACL user named in REDIS_URL, and is refused without the password', async () => {
    assert.equal(await ping({ url: plainUrl() }), 'PONG');
    await assert.rejects(ping({ url: `redis://127.0.0.1:${plainPort}` }), /NOAUTH/);
    const wrong = await ping({ url: plainUrl('tessera:not-the-password') }).then(
      () => assert.fail('a wrong password was accepted'),
      (error: Error) => error,
    );
    assert.match(wrong.message, /^REDIS_URL: .*WRONGPASS/);
    assert.ok(!wrong.message.includes(password), 'the error does not echo the password');
  });

  it('talks TLS to a rediss:// URL, trusting the CA of REDIS_TLS_CA_FILE and no other', async () => {
    assert.equal(await ping({ url: tlsUrl(), tlsCa: certificates.ca }), 'PONG');
    await assert.rejects(ping({ url: tlsUrl() }), /self-signed certificate|unable to verify/i, 'a private CA is not trusted unless named');
    await assert.rejects(ping({ url: tlsUrl(), tlsCa: certificates.wrongCa }), /self-signed certificate|unable to verify/i);
    await assert.rejects(ping({ url: `rediss://127.0.0.1:${tlsPort}`, tlsCa: certificates.ca }), /NOAUTH/, 'TLS does not replace AUTH');
    assert.throws(() => createRedis({ url: plainUrl(), tlsCa: certificates.ca }, 'x:'), /REDIS_TLS_CA_FILE is set, but REDIS_URL is not a rediss:\/\/ URL/);
  });

  it('carries acknowledged invalidations over TLS with AUTH', async () => {
    const bus = { url: tlsUrl(), tlsCa: certificates.ca, keyPrefix: `${uniqueName('bus')}:`, leaseMs: 60_000 };
    const cache = await startLocalCache<{ v: number }>({ ...bus, maxEntries: 10, maxAgeMs: 60_000 });
    const announcer = await createInvalidationAnnouncer(bus);
    try {
      await waitFor(() => (cache.set('token:a', { v: 1 }, 60_000, cache.generation()), cache.get('token:a') !== undefined), {
        description: 'the cache holding its lease over TLS',
      });
      // The lease is a minute: only an acknowledgement, over the same TLS connections, ends this in time.
      await waitFor(async () => (await Promise.race([announcer.announce(['token:a']).then(() => true), timeout(10_000)])) === true, {
        timeoutMs: 15_000,
        description: 'the announcement acknowledged',
      });
      assert.equal(cache.get('token:a'), undefined);
    } finally {
      announcer.close();
      cache.close();
    }
  });
});

const timeout = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());

/** A self-signed CA in `<name>.crt`, and with `server`, a certificate it signed for 127.0.0.1 and localhost. Returns the CA's PEM. */
async function makeCertificates(dir: string, name: string, server?: string): Promise<string> {
  const openssl = async (...args: string[]) => {
    const result = await runCommand('openssl', args, { timeoutMs: 30_000 });
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  };
  const file = (base: string) => path.join(dir, base);
  await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', `/CN=${name}`,
    '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`));
  if (server) {
    writeFileSync(file(`${server}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${server}`,
      '-keyout', file(`${server}.key`), '-out', file(`${server}.csr`));
    await openssl('x509', '-req', '-in', file(`${server}.csr`), '-CA', file(`${name}.crt`), '-CAkey', file(`${name}.key`),
      '-CAcreateserial', '-days', '1', '-extfile', file(`${server}.ext`), '-out', file(`${server}.crt`));
  }
  return readFileSync(file(`${name}.crt`), 'utf8');
}
