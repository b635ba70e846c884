import type { Static } from 'typebox';
import type { Vocabulary } from '@tessera/contracts';
import type { AuditLogPage } from '../../query/audit-log.page.ts';
import { failureOf, isAbort } from './api.ts';
import { $, cell, el, muted, setState, timeEl } from './dom.ts';
import { type AuditEntry, clientEl, credentialOf, factsOf, typeBadge, userEl } from './event-view.ts';
import { describeFailure, plural } from './format.ts';
import { logQuery } from './log-query.ts';
import { poll } from './poll.ts';
import type { Session } from './session.ts';

/** The audit log's search: filters, pages of the server's default size, and "Load more" while a next cursor comes. */
export function auditLogPanel(s: Session): void {
  const form = $<HTMLFormElement>('log-form');
  const table = $('log-table');
  const rows = $('log-rows');
  const more = $<HTMLButtonElement>('log-more');
  const state = $('log-state');
  let cursor: string | null = null;
  let query = '';
  let shown = 0;
  let run = 0;

  const value = (id: string) => $<HTMLInputElement | HTMLSelectElement>(id).value.trim();
  const filters = () =>
    logQuery({ user_id: value('log-user'), token_id: value('log-token'), type: value('log-type'), client_type: value('log-client'), from: value('log-from'), to: value('log-to') });

  const load = async (append: boolean) => {
    const mine = ++run;
    const params = new URLSearchParams(query);
    if (append && cursor) params.set('cursor', cursor);
    table.dataset['state'] = 'loading';
    table.setAttribute('aria-busy', 'true');
    more.disabled = true;
    if (!append) setState(state, 'loading', 'Searching…');
    try {
      const page = await s.api<Static<typeof AuditLogPage>>(`/api/v1/audit-log?${params}`);
      if (mine !== run) return;
      const built = page.events.map(logRow);
      if (append) rows.append(...built);
      else rows.replaceChildren(...built);
      shown = append ? shown + built.length : built.length;
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const filtered = query !== '';
      if (shown === 0) {
        setState(state, 'empty', filtered ? 'No events match these filters. Clear a filter or widen the time range.' : 'No events yet — sign in through the gateway or issue a token and it appears here.');
      } else setState(state);
      $('log-summary').textContent = shown === 0 ? '' : `${plural(shown, 'event')}${cursor ? ', more available' : ''}${filtered ? ', filtered' : ''}`;
      table.dataset['query'] = query;
      table.dataset['state'] = 'ready';
    } catch (error) {
      if (s.stopped || isAbort(error) || mine !== run) return;
      table.dataset['state'] = 'error';
      const what = append ? 'Loading more of the audit log' : 'Searching the audit log';
      setState(state, 'error', `${describeFailure(what, failureOf(error))} ${append ? 'Press “Load more” to retry.' : 'Search again to retry.'}`);
    } finally {
      if (mine === run) {
        more.disabled = false;
        table.removeAttribute('aria-busy');
      }
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      query = filters().toString();
    } catch (error) {
      setState(state, 'error', failureOf(error).message);
      return;
    }
    cursor = null;
    void load(false);
  });
  form.addEventListener('reset', () => {
    query = '';
    cursor = null;
    // After the browser has cleared the fields.
    s.later(() => void load(false), 0);
  });
  more.addEventListener('click', () => void load(true));
  filterChoices(s);
  void load(false);
}

/** The filters offer the service's own event and client types (loaded once), never a list kept in this page. */
function filterChoices(s: Session): void {
  const offer = (select: HTMLSelectElement, values: string[]) => {
    select.replaceChildren(...[...select.options].slice(0, 1), ...values.map((text) => el('option', { text })));
    select.dataset['state'] = 'ready';
  };
  poll(s, {
    what: 'The filter choices',
    state: $('log-choices-state'),
    load: () => s.api<Static<typeof Vocabulary>>('/api/v1/vocabulary'),
    render: (vocabulary) => {
      offer($<HTMLSelectElement>('log-type'), vocabulary.event_types);
      offer($<HTMLSelectElement>('log-client'), vocabulary.client_types);
    },
  });
}

function logRow(entry: AuditEntry): HTMLTableRowElement {
  const raw = el('details', { className: 'raw' }, el('summary', { text: 'JSON' }), el('pre', { text: JSON.stringify(entry, null, 2) }));
  return el(
    'tr',
    { dataset: { testid: 'log-row', eventId: entry.event_id, type: entry.type, tokenId: credentialOf(entry) } },
    cell('Time', timeEl(entry.occurred_at, { exact: 'inline' }), 'nowrap'),
    cell('Type', typeBadge(entry.type)),
    cell('User', userEl(entry) ?? muted('—')),
    cell('Client', clientEl(entry) ?? muted('—')),
    cell('Details', el('div', { className: 'event-facts' }, ...factsOf(entry)), 'facts-cell'),
    cell('Data', raw),
  );
}
