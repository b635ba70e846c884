import { failureOf, isAbort } from './api.ts';
import { setState } from './dom.ts';
import { backoff, describeFailure, seconds } from './format.ts';
import type { Session } from './session.ts';

interface Poll<T> {
  /** Named in the failure message: "The consumer lag is unavailable: …". */
  what: string;
  /** The panel's state line. */
  state: HTMLElement;
  /** Reloads this often; loads once without it. */
  everyMs?: number;
  load: () => Promise<T>;
  render: (data: T) => void;
  failed?: (error: unknown) => void;
}

/**
 * Loads a panel now and every `everyMs`; a failure is shown in the panel's state line, with the retry's delay, and
 * retried with back-off. The last good data stays on screen meanwhile.
 */
export function poll<T>(s: Session, { what, state, everyMs, load, render, failed }: Poll<T>): { refresh: () => Promise<void> } {
  let failures = 0;
  let loaded = false;
  let timer: number | undefined;
  let run = 0;
  const go = async () => {
    const mine = ++run;
    s.cancel(timer);
    if (!loaded) setState(state, 'loading', 'Loading…');
    try {
      const data = await load();
      if (s.stopped || mine !== run) return;
      failures = 0;
      loaded = true;
      setState(state);
      render(data);
      if (everyMs) timer = s.later(() => void go(), everyMs);
    } catch (error) {
      if (s.stopped || isAbort(error) || mine !== run) return;
      failures += 1;
      const wait = backoff(failures, 5_000, 60_000);
      setState(state, 'error', `${describeFailure(what, failureOf(error))} Retrying in ${seconds(wait)}.`);
      failed?.(error);
      timer = s.later(() => void go(), wait);
    }
  };
  void go();
  return { refresh: go };
}

