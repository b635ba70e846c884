import { EventSourceParserStream } from 'eventsource-parser/stream';
import { keepaliveMs, maxBufferedBytes, streamEvents } from '../../live/event-stream.protocol.ts';
import { ApiError, authorization, refusalOf } from './api.ts';
import { $, setState } from './dom.ts';
import type { AuditEntry } from './event-view.ts';
import { backoff, describeFailure, seconds } from './format.ts';
import type { LivePanel } from './live-panel.ts';
import type { Session } from './session.ts';

type LiveState = 'connecting' | 'live' | 'reconnecting' | 'error';

/** The top bar's short status, and the reason in full in the live panel while it is not live. */
function setLive(state: LiveState, text: string, reason?: string): void {
  const status = $('live-status');
  status.dataset['state'] = state;
  status.textContent = text;
  status.title = reason ?? '';
  setState($('stream-state'), state === 'error' ? 'error' : 'warn', state === 'live' || state === 'connecting' ? undefined : reason);
}

/**
 * The server-sent events of `/api/v1/events/stream`. The browser's EventSource cannot send the credential (it sends
 * no headers of its own, and a credential in the URL would reach logs), so the stream is read with fetch and parsed by
 * eventsource-parser, which follows the HTML standard's rules for the format. It reconnects with back-off when the
 * stream ends or fails, reloading the newest events to fill the gap, and gives up the session on 401 or 403.
 */
export function liveStream(s: Session, live: LivePanel): void {
  let failures = 0;
  const connect = async () => {
    if (failures > 0) setLive('reconnecting', 'Reconnecting…');
    else if ($('live-status').dataset['state'] !== 'live') setLive('connecting', 'Connecting…');
    const connection = new AbortController();
    const abort = () => connection.abort();
    s.signal.addEventListener('abort', abort, { once: true });
    let watchdog: number | undefined;
    // Three missed keepalives mean a dead connection that TCP has not noticed.
    const alive = () => {
      window.clearTimeout(watchdog);
      watchdog = window.setTimeout(() => connection.abort(), 3 * keepaliveMs);
    };
    try {
      const response = await fetch('/api/v1/events/stream', {
        headers: { authorization: authorization(s.credential), accept: 'text/event-stream' },
        cache: 'no-store',
        signal: connection.signal,
      });
      if (!response.ok || !response.body) {
        const error = await refusalOf(response);
        if (s.refused(error)) return;
        throw error;
      }
      alive();
      const opened = Date.now();
      let ready = false;
      const messages = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream({ onComment: alive, maxBufferSize: maxBufferedBytes }));
      for await (const message of messages) {
        alive();
        if (message.event === streamEvents.ready) {
          ready = true;
          failures = 0;
          setLive('live', 'Live');
          void live.seed();
        } else if (message.event === streamEvents.audit) {
          const entry = parsed(message.data);
          if (entry) live.add(entry, true);
        }
      }
      // The server ends every stream after a few minutes, to check the credential again: not a failure. A stream that
      // ends soon after it opened is one, and waits its back-off.
      if (ready && Date.now() - opened > 10_000) {
        s.later(() => void connect(), 0);
        return;
      }
      throw new ApiError(0, 'ended', 'the stream ended');
    } catch (error) {
      if (s.stopped) return;
      failures += 1;
      const wait = backoff(failures, 1_000, 30_000);
      const reason = error instanceof ApiError && error.status > 0 ? describeFailure('The live stream', error) : 'The live connection dropped.';
      const state = failures > 3 ? 'error' : 'reconnecting';
      setLive(state, state === 'error' ? `Offline · retrying in ${seconds(wait)}` : `Reconnecting in ${seconds(wait)}`, `${reason} New events show here again once it reconnects; retrying in ${seconds(wait)}.`);
      s.later(() => void connect(), wait);
    } finally {
      window.clearTimeout(watchdog);
      s.signal.removeEventListener('abort', abort);
      connection.abort();
    }
  };
  void connect();
}

/** A message the page cannot read is skipped, not fatal. */
function parsed(data: string): AuditEntry | undefined {
  try {
    return JSON.parse(data) as AuditEntry;
  } catch {
    return undefined;
  }
}
