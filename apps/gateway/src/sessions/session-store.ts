import type { Redis } from 'ioredis';

/** What the server keeps of a session, under its id: no secret in clear (see session-secrets.ts). */
export interface SessionRecord {
  user_id: string;
  token_id: string;
  /** The session's browser token, sealed under a key derived from the cookie. */
  sealed_token: string;
  created_at: number;
  last_seen: number;
  /** The absolute end: the sign-in plus the longest lifetime, or the token's own expiry if sooner. */
  ends_at: number;
  /**
   * Whether the CSRF token was ever handed out. As in Frappe, a session whose client never asked for it (a script
   * signed in through Frappe's login) is held to the Origin check alone; a console session gets it at sign-in.
   */
  csrf_issued: boolean;
}

/** Where sessions live: Redis, shared by every gateway instance; each record vanishes by itself when its time is up. */
export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /** Writes the record, to vanish after `ttlMs` unless written again. */
  put(id: string, record: SessionRecord, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Redis cannot be reached: a session can be neither begun nor checked, which is a 503, not a sign-in to redo. */
export class SessionStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('the session store (Redis) is unavailable', { cause });
  }
}

export function redisSessionStore(redis: Redis): SessionStore {
  const key = (id: string) => `session:${id}`;
  const reaching = async <T>(call: () => Promise<T>) => {
    try {
      return await call();
    } catch (error) {
      throw new SessionStoreUnavailable(error);
    }
  };
  return {
    get: (id) => reaching(async () => {
      const value = await redis.get(key(id));
      return value === null ? undefined : (JSON.parse(value) as SessionRecord);
    }),
    put: (id, record, ttlMs) => reaching(async () => {
      await redis.set(key(id), JSON.stringify(record), 'PX', Math.max(1, Math.ceil(ttlMs)));
    }),
    delete: (id) => reaching(async () => {
      await redis.del(key(id));
    }),
  };
}

/** For in-process tests: the same contract in this process's memory. */
export function memorySessionStore(now: () => number = () => Date.now()): SessionStore {
  const records = new Map<string, { record: SessionRecord; until: number }>();
  return {
    async get(id) {
      const entry = records.get(id);
      if (entry && entry.until <= now()) records.delete(id);
      return entry && entry.until > now() ? structuredClone(entry.record) : undefined;
    },
    async put(id, record, ttlMs) {
      records.set(id, { record: structuredClone(record), until: now() + ttlMs });
    },
    async delete(id) {
      records.delete(id);
    },
  };
}
