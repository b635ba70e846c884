import type { Static } from 'typebox';
import type { Summary, SummaryQuery } from '../../query/summary.query.ts';
import { createCharts } from './charts.ts';
import { $, el } from './dom.ts';
import { number } from './format.ts';
import { poll } from './poll.ts';
import type { Session } from './session.ts';

export type SummaryAnswer = Static<typeof Summary>;

/** A time window the top bar offers, as the summary's query states it. */
export interface Span extends Static<typeof SummaryQuery> {
  label: string;
}

const windows: Record<string, Span> = {
  '1h': { hours: 1, bucket: 'minute', label: 'the last hour' },
  '24h': { hours: 24, bucket: 'hour', label: 'the last 24 hours' },
  '7d': { hours: 168, bucket: 'hour', label: 'the last 7 days' },
  '30d': { hours: 720, bucket: 'day', label: 'the last 30 days' },
};
const fallback = windows['24h']!;
const windowKey = 'tessera.audit.window';

type Total = keyof SummaryAnswer['totals'];
interface Card {
  id: string;
  title: string;
  /** The count it shows, from the summary; none for the lag, which lag-panel.ts fills. */
  total?: Total;
  /** Under the number. */
  note?: string;
  /** Counted over the window chosen, which the note then names. */
  windowed?: boolean;
  /** Marked when above zero: each one is a problem. */
  alarming?: boolean;
  /** Counts by client type under the number. */
  byClient?: boolean;
}

// The headline counts, in the page's order; lag-panel.ts fills the lag's.
const cards: Card[] = [
  { id: 'active', title: 'Active tokens', byClient: true },
  { id: 'validations', title: 'Validations', total: 'validations', windowed: true, byClient: true },
  { id: 'logins', title: 'Logins', total: 'logins', windowed: true },
  { id: 'failed', title: 'Failed logins', total: 'failed_logins', windowed: true, alarming: true },
  { id: 'dead', title: 'Dead letters', total: 'dead_letters', note: 'events the projections refused, all time', alarming: true },
  { id: 'lag', title: 'Consumer lag', note: 'events not yet projected' },
];

function cardEl({ id, title, note, windowed, byClient }: Card): HTMLElement {
  const noted = windowed ? 'in the window' : note;
  return el(
    'article',
    { className: 'card', dataset: { testid: `card-${id}` } },
    el('h2', { text: title }),
    el('p', { className: 'metric', text: '—', attrs: { id: `metric-${id}` } }),
    noted ? el('p', { className: 'metric-note', text: noted, attrs: { id: `metric-${id}-note` } }) : null,
    byClient ? el('ul', { className: 'chips', attrs: { id: `metric-${id}-by-client`, 'aria-label': `${title} by client type` } }) : null,
  );
}

/** The headline counts and the charts over the window chosen in the top bar. */
export function summaryPanel(s: Session): void {
  $('cards').replaceChildren(...cards.map(cardEl));
  const select = $<HTMLSelectElement>('window');
  const saved = sessionStorage.getItem(windowKey);
  if (saved && Object.hasOwn(windows, saved)) select.value = saved;
  const charts = createCharts();
  const current = () => windows[select.value] ?? fallback;

  const poller = poll(s, {
    what: 'The summary',
    state: $('summary-state'),
    everyMs: 20_000,
    load: () => s.api<SummaryAnswer>(`/api/v1/stats/summary?hours=${current().hours}&bucket=${current().bucket}`),
    render: (summary) => {
      renderCards(summary, current());
      charts?.render(summary, current());
    },
    failed: () => charts?.unavailable('The charts appear once the summary answers.'),
  });
  const changed = () => {
    sessionStorage.setItem(windowKey, select.value);
    void poller.refresh();
  };
  select.addEventListener('change', changed);
  s.onStop(() => {
    select.removeEventListener('change', changed);
    charts?.destroy();
  });
}

function renderCards(summary: SummaryAnswer, span: Span): void {
  const { active_tokens: active } = summary;
  $('metric-active').textContent = number.format(active.total);
  const chips = <T extends { client_type: string }>(rows: T[], count: (row: T) => number) =>
    [...rows].sort((a, b) => count(b) - count(a)).map((row) => el('li', { className: 'chip' }, el('span', { text: row.client_type }), el('strong', { text: number.format(count(row)) })));
  const activeChips = chips(active.by_client_type, (row) => row.count);
  $('metric-active-by-client').replaceChildren(...(activeChips.length ? activeChips : [el('li', { className: 'muted', text: 'none yet' })]));
  $('metric-validations-by-client').replaceChildren(...chips(summary.validations_by_client_type, (row) => row.uses));
  for (const { id, total, windowed, alarming } of cards) {
    if (!total) continue;
    const value = summary.totals[total];
    $(`metric-${id}`).textContent = number.format(value);
    $(`metric-${id}`).closest('.card')?.classList.toggle('alert', alarming === true && value > 0);
    if (windowed) $(`metric-${id}-note`).textContent = `in ${span.label}`;
  }
}
