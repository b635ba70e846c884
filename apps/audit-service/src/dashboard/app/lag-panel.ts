import type { Static } from 'typebox';
import type { ConsumerLag } from '../../query/consumer-lag.query.ts';
import { ApiError } from './api.ts';
import { $, breakable, el, emptyRow, timeEl } from './dom.ts';
import { number } from './format.ts';
import { poll } from './poll.ts';
import type { Session } from './session.ts';

type Lag = Static<typeof ConsumerLag>;

// A few events in flight are normal; a backlog this long is not.
const alarmingLag = 100;

/** How far the projections trail the topics: the panel, and the lag's headline card. */
export function lagPanel(s: Session): void {
  poll(s, {
    what: 'The consumer lag',
    state: $('lag-state'),
    everyMs: 10_000,
    load: () => s.api<Lag>('/api/v1/consumer/lag'),
    render: renderLag,
    failed: (error) => {
      $('metric-lag-note').textContent = error instanceof ApiError && error.status === 503 ? 'Kafka did not answer' : 'unknown';
    },
  });
}

function renderLag(lag: Lag): void {
  $('lag-body').hidden = false;
  $('lag-checked').replaceChildren('checked ', timeEl(lag.checked_at));
  $('lag-group').textContent = lag.group;
  $('lag-total').textContent = number.format(lag.total_lag);
  $('lag-newest').replaceChildren(lag.newest_event_at ? timeEl(lag.newest_event_at, { exact: 'inline' }) : 'no events yet');
  const partitions = [...lag.partitions].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  const rows = partitions.map((p) =>
    el(
      'tr',
      { className: p.lag > 0 ? 'behind' : '' },
      el('td', { className: 'mono topic' }, ...breakable(p.topic)),
      el('td', { className: 'num', text: p.partition }),
      el('td', { className: 'num', text: number.format(p.end_offset) }),
      el('td', { className: 'num', text: number.format(p.next_offset) }),
      el('td', { className: 'num strong', text: number.format(p.lag) }),
    ),
  );
  $<HTMLTableElement>('lag-partitions').tBodies[0]?.replaceChildren(...(rows.length ? rows : [emptyRow(5, 'No partitions assigned yet.')]));
  const members = lag.members.map((member) =>
    el(
      'li',
      {},
      el('div', { className: 'mono', text: member.member_id }),
      el('div', { className: 'muted' }, `${member.client_id} on ${member.host}`),
      el('div', {}, ...member.assignments.map((a) => el('span', { className: 'chip small', text: `${a.topic}: ${a.partitions.length ? a.partitions.join(', ') : 'none'}` }))),
    ),
  );
  $('lag-members').replaceChildren(...(members.length ? members : [el('li', { className: 'muted', text: 'No member in the group: the projections are not consuming.' })]));
  $('metric-lag').textContent = number.format(lag.total_lag);
  $('metric-lag').closest('.card')?.classList.toggle('alert', lag.total_lag >= alarmingLag);
  $('metric-lag-note').replaceChildren(...(lag.newest_event_at ? ['newest event ', timeEl(lag.newest_event_at)] : ['no events yet']));
}
