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
}

// KEYS: the (account, address) count, the account's count. ARGV: their limits, then the lock's length in seconds.
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
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[3])
end
return locked() and 'reached' or 'counted'`;

// The account's count is kept: failures from other addresses must not be forgiven by the owner's success.
const succeed = `${isLocked}
if locked() then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

export function createLoginThrottle(redis: Redis, settings: LoginThrottleSettings, onRedisError: (error: unknown) => void): LoginThrottle {
  // The keys hold digests, so Redis keeps no list of the names people tried, nor of where they came from.
  const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');
  const run = async (script: string, { account, address }: LoginSubject) =>
    redis.eval(
      script,
      2,
      `login-failures:address:${digest(account, address)}`,
      `login-failures:account:${digest(account)}`,
      settings.addressMaxFailures,
      settings.accountMaxFailures,
      settings.lockoutSeconds,
    );
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
  };
}
