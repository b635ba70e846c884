import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LoginThrottleSettings {
  /** Failures in a row that lock an account (QFieldCloud: 5). */
  maxFailures: number;
  /** How long the lock lasts after the last counted failure (QFieldCloud: 30 minutes). */
  lockoutSeconds: number;
}

/** Whether an attempt may ask the token service, and whether it is the last one before the lock. */
export interface Admission {
  locked: boolean;
  last: boolean;
}

/**
 * Failed logins counted per login name, in Redis so every gateway instance sees the same count. An attempt is counted
 * before its password is checked, so parallel guesses cannot all pass a lock that is still being counted; a success
 * clears the count, an attempt that never reached a password check is given back. Names are counted whether or not
 * a user has them: neither the answer nor its timing tells whether the account exists.
 */
export interface LoginThrottle {
  admit(login: string): Promise<Admission>;
  succeeded(login: string): Promise<void>;
  /** The attempt ended before its password was checked (the token service was away): it does not count. */
  unchecked(login: string): Promise<void>;
}

// Attempts while locked are refused but not counted, so the lock ends lockoutSeconds after the last real failure.
const countAttempt = `
local attempts = redis.call('INCR', KEYS[1])
if attempts <= tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return attempts`;

// The count may have run out meanwhile: giving an attempt back must not leave a negative count (a spare attempt).
const giveBack = `
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end`;

export function createLoginThrottle(redis: Redis, settings: LoginThrottleSettings, onRedisError: (error: unknown) => void): LoginThrottle {
  // Usernames are case-insensitive; the key holds a digest, so Redis keeps no list of the names people tried.
  const keyOf = (login: string) => `login-failures:${createHash('sha256').update(login.toLowerCase()).digest('hex')}`;
  // Redis away must not stop every login: the throttle steps aside, loudly, until it is back.
  const orElse = async <T>(fallback: T, command: () => Promise<T>): Promise<T> => {
    try {
      return await command();
    } catch (error) {
      onRedisError(error);
      return fallback;
    }
  };
  return {
    admit: (login) =>
      orElse({ locked: false, last: false }, async () => {
        const attempts = Number(await redis.eval(countAttempt, 1, keyOf(login), settings.maxFailures, settings.lockoutSeconds));
        return { locked: attempts > settings.maxFailures, last: attempts === settings.maxFailures };
      }),
    succeeded: (login) => orElse(undefined, async () => void (await redis.del(keyOf(login)))),
    unchecked: (login) => orElse(undefined, async () => void (await redis.eval(giveBack, 1, keyOf(login)))),
  };
}
