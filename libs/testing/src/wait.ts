import { setTimeout as delay } from 'node:timers/promises';
import { inspect } from 'node:util';

export type Probe<T> = () => Promise<T | undefined | false> | T | undefined | false;

export interface WaitOptions {
  /** Names the condition in the timeout error, e.g. 'the audit event for key k1 to be stored'. */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Ends the wait early with the signal's reason, e.g. when the process being probed has died. */
  signal?: AbortSignal;
}

type Seen = { error: unknown } | { value: unknown } | undefined;

/**
 * Polls `probe` until it returns a truthy value and returns that value. A probe that throws counts as "not
 * yet" (a connection refused while a service starts is normal); the last error or value is named when the
 * deadline passes, so a failing test says what it was waiting for and what it saw instead.
 */
export async function waitFor<T>(probe: Probe<T>, options: WaitOptions): Promise<T> {
  const { description, timeoutMs = 15_000, intervalMs = 50, signal } = options;
  const deadline = Date.now() + timeoutMs;
  // One promise that rejects at the deadline or on abort: a probe that hangs (a connect without its own
  // timeout) must not outlast the deadline.
  const stop = stopper(timeoutMs, signal);
  let seen: Seen;
  try {
    for (;;) {
      signal?.throwIfAborted();
      try {
        const value = await Promise.race([Promise.resolve().then(probe), stop.promise]);
        if (value) return value;
        seen = { value };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error !== deadlinePassed) seen = { error };
      }
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw timeoutError(description, timeoutMs, seen);
      await Promise.race([delay(Math.min(intervalMs, remainingMs)), stop.promise]).catch(() => {});
    }
  } finally {
    stop.dispose();
  }
}

const deadlinePassed = Symbol('deadline passed');

function stopper(timeoutMs: number, signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadlinePassed), timeoutMs);
    onAbort = () => reject(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {}); // observed through Promise.race; this keeps an unraced rejection from being "unhandled"
  return {
    promise,
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

function timeoutError(description: string, timeoutMs: number, seen: Seen): Error {
  const prefix = `timed out after ${timeoutMs} ms waiting for ${description}`;
  if (seen === undefined) return new Error(`${prefix}; the probe never answered`);
  if ('value' in seen) return new Error(`${prefix}; last value: ${inspect(seen.value, { depth: 3 })}`);
  const reason = seen.error instanceof Error ? seen.error.message : inspect(seen.error);
  return new Error(`${prefix}; last error: ${reason}`, { cause: seen.error });
}
