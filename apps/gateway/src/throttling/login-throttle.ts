import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LoginThrottleSettings {
  /** Failures in a row that lock an account (QFieldCloud: 5). */
  maxFailures: number;
  /** How long the lock lasts after the last failure (QFieldCloud: 30 minutes). */
  lockoutSeconds: number;
}

/**
 * Failed logins counted per login name, in Redis so every gateway instance sees the same count. The name is counted
 * whether or not such a user exists, and a locked name is refused before the token service is asked: neither the
 * answer nor its timing tells whether the account exists.
 */
export interface LoginThrottle {
  isLocked(login: string): Promise<boolean>;
  /** Counts a failure; true when the account is now locked. */
  recordFailure(login: string): Promise<boolean>;
  reset(login: string): Promise<void>;
}

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
    isLocked: (login) => orElse(false, async () => Number(await redis.get(keyOf(login))) >= settings.maxFailures),
    recordFailure: (login) =>
      orElse(false, async () => {
        const key = keyOf(login);
        const [[, failures] = []] = (await redis.multi().incr(key).expire(key, settings.lockoutSeconds).exec()) ?? [];
        return Number(failures) >= settings.maxFailures;
      }),
    reset: (login) => orElse(undefined, async () => void (await redis.del(keyOf(login)))),
  };
}
