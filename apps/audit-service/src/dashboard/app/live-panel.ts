import type { Static } from 'typebox';
import type { AuditLogPage } from '../../query/audit-log.page.ts';
import { failureOf, isAbort } from './api.ts';
import { $, el, setState, timeEl } from './dom.ts';
import { type AuditEntry, clientEl, credentialOf, factsOf, typeBadge, userEl } from './event-view.ts';
import { describeFailure } from './format.ts';
import { placeEvent } from './live-list.ts';
import type { Session } from './session.ts';

const shownAtMost = 100;

export interface LivePanel {
  /** Shows an entry in its place (fresh ones are highlighted); one already shown is skipped. */
  add(entry: AuditEntry, fresh: boolean): void;
  /** Reads the newest entries from the log, to fill what the stream did not bring. */
  seed(): Promise<void>;
}

/** The newest events: seeded from the log, then fed by the stream (live-stream.ts). */
export function livePanel(s: Session): LivePanel {
  const list = $('live-events');
  const state = $('live-state');
  let shown: AuditEntry[] = [];

  const showCount = () => {
    $('live-count').textContent = shown.length ? `${shown.length} shown, newest first` : '';
    if (state.dataset['kind'] === 'error') return;
    setState(state, 'empty', shown.length === 0 ? 'No events yet — sign in through the gateway or issue a token and it appears here.' : undefined);
  };

  const add = (entry: AuditEntry, fresh: boolean) => {
    const placed = placeEvent(shown, entry, shownAtMost);
    if (!placed) return;
    shown = placed.shown;
    const row = eventItem(entry);
    if (fresh) row.classList.add('fresh');
    list.insertBefore(row, list.children[placed.index] ?? null);
    for (let n = 0; n < placed.dropped; n += 1) list.lastElementChild?.remove();
    showCount();
  };

  const seed = async () => {
    try {
      const page = await s.api<Static<typeof AuditLogPage>>('/api/v1/audit-log?limit=25');
      const fresh = shown.length > 0;
      for (const entry of page.events) add(entry, fresh);
      if (state.dataset['kind'] === 'error') setState(state);
      showCount();
    } catch (error) {
      if (s.stopped || isAbort(error)) return;
      if (shown.length === 0) setState(state, 'error', `${describeFailure('Loading the newest events', failureOf(error))} They load again when the stream reconnects.`);
    }
  };
  setState(state, 'loading', 'Loading the newest events…');
  void seed();
  return { add, seed };
}

function eventItem(entry: AuditEntry): HTMLLIElement {
  return el(
    'li',
    { className: 'event', dataset: { testid: 'live-event', eventId: entry.event_id, type: entry.type, tokenId: credentialOf(entry) } },
    el('div', { className: 'event-head' }, typeBadge(entry.type), timeEl(entry.occurred_at, { exact: 'clock' })),
    el('div', { className: 'event-facts' }, userEl(entry), clientEl(entry), ...factsOf(entry)),
  );
}
