import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CredentialUses, ValidateResponse__Output } from '@tessera/contracts';
import type { LocalCache } from '@tessera/redis';
import { cachedValidation } from './cached-validation.ts';
import type { TokenServiceClient } from './token-service.client.ts';

const verdict = (expiresAt: string): ValidateResponse__Output =>
  ({
    valid: true,
    code: 'VALID',
    user: { id: 'usr_1', username: 'ada' },
    token: { id: 'tok_1', client_type: 'cli', expires_at: expiresAt },
    policy: '',
  }) as ValidateResponse__Output;

/** A map standing in for the Redis-backed cache, whose own rules local-cache.int.test.ts checks. */
function memory(): LocalCache<ValidateResponse__Output> & { ttls: number[] } {
  const entries = new Map<string, ValidateResponse__Output>();
  const ttls: number[] = [];
  return {
    ttls,
    get: (key) => entries.get(key),
    generation: () => 0,
    set: (key, value, ttlMs) => void (entries.set(key, value), ttls.push(ttlMs)),
    close: () => undefined,
  };
}

function tokenService(answer: ValidateResponse__Output) {
  const calls = { validate: 0, reported: [] as CredentialUses[][] };
  const client = {
    validate: async () => (calls.validate++, answer),
    recordUses: async (uses: CredentialUses[]) => void calls.reported.push(uses),
  } as unknown as TokenServiceClient;
  return { client, calls };
}

const client = { userAgent: 'cli|1', ip: '10.0.0.1' };
const credential = { token: 'tst_example' };

describe('Validate through the gateway memory', () => {
  it('asks the token service once, then answers from memory until the credential expires', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { client: service, calls } = tokenService(verdict('2026-01-01T00:01:00.000Z'));
    const cache = memory();
    const validation = cachedValidation(service, cache, { reportEveryMs: 60_000, onReportFailed: () => undefined, now: () => now });
    await validation.validate(credential, client);
    await validation.validate(credential, client);
    assert.equal(calls.validate, 1);
    assert.deepEqual(cache.ttls, [60_000], 'kept no longer than the credential lives');
    now = Date.parse('2026-01-01T00:01:00Z');
    await validation.validate(credential, client);
    assert.equal(calls.validate, 2, 'an expired credential is asked about again');
    await validation.stop();
  });

  it('keeps no refusal', async () => {
    const { client: service, calls } = tokenService({ valid: false, code: 'REVOKED' } as ValidateResponse__Output);
    const validation = cachedValidation(service, memory(), { reportEveryMs: 60_000, onReportFailed: () => undefined });
    await validation.validate(credential, client);
    await validation.validate(credential, client);
    assert.equal(calls.validate, 2);
    await validation.stop();
  });

  it('reports the uses it answered from memory, with the first and last time and the last client', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { client: service, calls } = tokenService(verdict('2027-01-01T00:00:00.000Z'));
    const validation = cachedValidation(service, memory(), { reportEveryMs: 60_000, onReportFailed: () => undefined, now: () => now });
    await validation.validate(credential, client);
    for (const second of [1, 2, 3]) {
      now = Date.parse(`2026-01-01T00:00:0${second}Z`);
      await validation.validate(credential, { ...client, ip: `10.0.0.${second + 1}` });
    }
    await validation.stop();
    assert.deepEqual(calls.reported, [
      [
        {
          credential: 'token', token_id: 'tok_1', user_id: 'usr_1', client_type: 'cli', count: 3,
          first_used_at: '2026-01-01T00:00:01.000Z', last_used_at: '2026-01-01T00:00:03.000Z', client: { user_agent: 'cli|1', ip: '10.0.0.4' },
        },
      ],
    ]);
  });

  it('reports many credentials in bounded chunks, and keeps and adds up what a failed report held', async () => {
    const reported: CredentialUses[][] = [];
    let failNext = true;
    const service = {
      validate: async (credential: { token: string }) => ({ ...verdict('2027-01-01T00:00:00.000Z'), token: { id: credential.token, client_type: 'cli', expires_at: '2027-01-01T00:00:00.000Z' } }),
      recordUses: async (uses: CredentialUses[]) => {
        if (failNext) {
          failNext = false;
          throw new Error('token service away');
        }
        reported.push(uses);
      },
    } as unknown as TokenServiceClient;
    let failures = 0;
    const validation = cachedValidation(service, memory(), { reportEveryMs: 60_000, onReportFailed: () => failures++ });
    const longAgent = { userAgent: 'x'.repeat(1024), ip: '10.0.0.1' };
    for (let i = 0; i < 300; i++) {
      await validation.validate({ token: `tok_${i}` }, longAgent); // asked, then kept
      await validation.validate({ token: `tok_${i}` }, longAgent); // answered from memory: one use
    }
    await validation.stop(); // the first chunk fails: everything is kept
    assert.equal(failures, 1);
    assert.equal(reported.length, 0);
    await validation.validate({ token: 'tok_0' }, longAgent);
    await validation.stop();
    assert.ok(reported.length > 1, 'more than one report: each stays well inside the message limit');
    const all = reported.flat();
    assert.equal(all.length, 300);
    assert.equal(all.find((use) => use.token_id === 'tok_0')?.count, 2, 'the failed report\'s use and the new one');
    assert.ok(reported.every((chunk) => chunk.reduce((bytes, use) => bytes + 200 + (use.client?.user_agent?.length ?? 0), 0) <= 128 * 1024));
  });
});
