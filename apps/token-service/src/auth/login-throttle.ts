import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LoginThrottleSettings {
  /** Failures of one account from one address that lock the account there (QFieldCloud: 5). */
  addressMaxFailures: number;
  /** Failures of one account from every address together that lock it everywhere: higher, so one address cannot. */
  accountMaxFailures: number;
  /** How long a lock lasts after the last counted failure (QFieldCloud: 30 minutes). */
  lockoutSeconds: number;
  /** While Redis cannot answer: refuse every login (nothing can be counted), or let every login through unthrottled. */
  withoutRedis: 'refuse' | 'allow';
}

/** Whose failures a login attempt counts against: the account (a user id, or the name when none resolves) and where from. */
export interface LoginSubject {
  account: string;
  address: string;
}

/**
 * What a failed password check did to the counts. `counted`: answer it as a failure. `reached`: it was counted and
 * locks the account, so it is answered as locked already. `locked`: another failure locked the account while this
 * one was being checked, so it is answered as locked and not counted.
 */
export type FailureOutcome = 'counted' | 'reached' | 'locked';

/**
 * Failed logins counted in Redis, so every token service instance sees the same counts, per account and per (account,
 * address), as django-axes counts with combined lockout parameters. Only failures count: a burst of correct logins
 * never locks anyone. An attempt learns its password's verdict only when its outcome is settled here, atomically
 * against the counts as they are then, so parallel guesses cannot learn more than the limit allows: once the limit is
 * reached, a guess still being checked is answered as locked, right or wrong.
 */
export interface LoginThrottle {
  /** Asked before the password is checked: a locked account is refused without spending a password check on it. */
  locked(subject: LoginSubject): Promise<boolean>;
  failed(subject: LoginSubject): Promise<FailureOutcome>;
  /** The password matched: true if the login may stand (the account is not locked meanwhile); clears the address's count. */
  succeeded(subject: LoginSubject): Promise<boolean>;
  /** For an admin: what is counted against an account now. Unlike a login's questions, a Redis failure is thrown (LockoutsUnavailable). */
  lockout(account: string): Promise<Lockout>;
  /** For an admin: forgets every failure counted against the account, at every address. */
  lift(account: string): Promise<void>;
}

/** An account's counts: its failures from every address, and the locks they make (ADR 5). */
export interface Lockout {
  failures: number;
  /** The account's own limit is reached: locked at every address. */
  lockedEverywhere: boolean;
  /** Addresses at which the pair's limit is reached. */
  lockedAddresses: number;
  /** How long the last of those locks still holds; 0 when none does. */
  lockedForMs: number;
}

/** Redis did not answer an admin's question about lockouts: unlike a login, it has no safe answer to fall back on. */
export class LockoutsUnavailable extends Error {
  constructor(cause: unknown) {
    super('Login lockouts cannot be read or lifted while Redis is unavailable; retry in a moment.', { cause });
    this.name = 'LockoutsUnavailable';
  }
}

/** The account a known user's failures count against, whichever of its names a login gives. */
export const userAccount = (userId: string): string => `user:${userId}`;

// KEYS: the (account, address) count, the account's count, and the set of the account's address counts (so an admin
// can find them: their names hold the address's digest). ARGV: their limits, then the lock's length in seconds.
const isLocked = `
local function locked()
  return tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) or tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2])
end`;

const check = `${isLocked}
return locked() and 1 or 0`;

// Attempts while locked are not counted, so a lock ends lockoutSeconds after the last real failure; and an address
// that is locked adds nothing to the account's count, so one address alone never reaches the account's limit.
const fail = `${isLocked}
if locked() then return 'locked' end
redis.call('INCR', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('SADD', KEYS[3], KEYS[1])
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ARGV[3]) end
return locked() and 'reached' or 'counted'`;

// The account's count is kept: failures from other addresses must not be forgiven by the owner's success.
const succeed = `${isLocked}
if locked() then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], KEYS[1])
return 1`;

// The account's counts, read together, and forgotten with ARGV[3] = 'lift'. KEYS: the account's count and its set
// of address counts. ARGV: the pair's and the account's limits.
const lockout = `
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
local everywhere = failures >= tonumber(ARGV[2])
local lockedMs = everywhere and redis.call('PTTL', KEYS[1]) or 0
local addresses = 0
local members = redis.call('SMEMBERS', KEYS[2])
for _, key in ipairs(members) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[1]) then
    addresses = addresses + 1
    lockedMs = math.max(lockedMs, redis.call('PTTL', key))
  end
end
if ARGV[3] == 'lift' then
  for _, key in ipairs(members) do redis.call('DEL', key) end
  redis.call('DEL', KEYS[1], KEYS[2])
end
return { failures, everywhere and 1 or 0, addresses, lockedMs }`;

export function createLoginThrottle(redis: Redis, settings: LoginThrottleSettings, onRedisError: (error: unknown) => void): LoginThrottle {
  // The keys hold digests, so Redis keeps no list of the names people tried, nor of where they came from.
  const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');
  // One hash tag per account: its keys share a cluster slot, so one script may touch them all.
  const keysOf = (account: string) => {
    const prefix = `login-failures:{${digest(account)}}`;
    return { account: `${prefix}:account`, addresses: `${prefix}:addresses`, address: (address: string) => `${prefix}:address:${digest(account, address)}` };
  };
  const run = async (script: string, { account, address }: LoginSubject) => {
    const keys = keysOf(account);
    return redis.eval(script, 3, keys.address(address), keys.account, keys.addresses, settings.addressMaxFailures, settings.accountMaxFailures, settings.lockoutSeconds);
  };
  const readLockout = async (account: string, lift: boolean): Promise<Lockout> => {
    const keys = keysOf(account);
    const [failures, everywhere, addresses, lockedMs] = (await redis
      .eval(lockout, 2, keys.account, keys.addresses, settings.addressMaxFailures, settings.accountMaxFailures, lift ? 'lift' : 'read')
      .catch((error: unknown) => Promise.reject(new LockoutsUnavailable(error)))) as number[];
    return { failures: failures!, lockedEverywhere: everywhere === 1, lockedAddresses: addresses!, lockedForMs: Math.max(0, lockedMs!) };
  };
  const refuse = settings.withoutRedis === 'refuse';
  const orElse = async <T>(fallback: T, command: () => Promise<T>): Promise<T> => {
    try {
      return await command();
    } catch (error) {
      onRedisError(error);
      return fallback;
    }
  };
  return {
    locked: (subject) => orElse(refuse, async () => (await run(check, subject)) === 1),
    failed: (subject) => orElse<FailureOutcome>(refuse ? 'locked' : 'counted', async () => (await run(fail, subject)) as FailureOutcome),
    succeeded: (subject) => orElse(!refuse, async () => (await run(succeed, subject)) === 1),
    lockout: (account) => readLockout(account, false),
    lift: async (account) => {
      await readLockout(account, true);
    },
  };
}
