import { ApiError, request } from './api.ts';

/** Everything the signed-in page runs, stopped as one on sign-out: its requests, its timers and its listeners. */
export interface Session {
  readonly credential: string;
  readonly signal: AbortSignal;
  readonly stopped: boolean;
  /** Runs `fn` after `ms` unless the session has stopped by then. */
  later(fn: () => void, ms: number): number;
  cancel(timer: number | undefined): void;
  onStop(fn: () => void): void;
  /** A query API answer; a refusal of the credential ends the session (see `refused`). */
  api<T>(path: string): Promise<T>;
  /** A credential the API refuses (revoked, expired, no longer an admin) ends the session; true when it did. */
  refused(error: unknown): boolean;
  stop(): void;
}

export function createSession(credential: string, signOut: (message: string) => void): Session {
  const controller = new AbortController();
  const timers = new Set<number>();
  const stops: Array<() => void> = [];
  let stopped = false;
  const session: Session = {
    credential,
    signal: controller.signal,
    get stopped() {
      return stopped;
    },
    later(fn, ms) {
      const timer = window.setTimeout(() => {
        timers.delete(timer);
        if (!stopped) fn();
      }, ms);
      timers.add(timer);
      return timer;
    },
    cancel(timer) {
      if (timer === undefined) return;
      window.clearTimeout(timer);
      timers.delete(timer);
    },
    onStop: (fn) => void stops.push(fn),
    async api<T>(path: string) {
      try {
        return await request<T>(credential, path, controller.signal);
      } catch (error) {
        session.refused(error);
        throw error;
      }
    },
    refused(error) {
      if (stopped || !(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) return false;
      signOut(`Signed out: ${error.message} (${error.status} ${error.code})`);
      return true;
    },
    stop() {
      stopped = true;
      controller.abort();
      for (const timer of timers) window.clearTimeout(timer);
      timers.clear();
      for (const fn of stops) fn();
    },
  };
  return session;
}
