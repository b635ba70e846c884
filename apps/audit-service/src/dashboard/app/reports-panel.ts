import type { Static } from 'typebox';
import type { FailedLogins } from '../../query/failed-logins.query.ts';
import type { Report as ReportSchema } from '../../query/ops.routes.ts';
import { activityTable, type Activity, type Column } from './activity-table.ts';
import { $, cell, dataTable, el, idButton, timeEl } from './dom.ts';
import { number, plural } from './format.ts';
import { poll } from './poll.ts';
import type { Session } from './session.ts';

type Report = Static<typeof ReportSchema>;

const rowsShown = 200;

/** The reports of credentials, each over the number of days its answer states. */
const tokenReports: Array<{ name: string; what: string; path: string; columns: Column[]; span: (days: string) => string; empty: (days: string) => string }> = [
  {
    name: 'stale',
    what: 'The stale-token report',
    path: '/api/v1/reports/stale-tokens',
    columns: ['owned', 'client', 'note', 'last', 'expires'],
    span: (days) => `active, unused for ${days} or never`,
    empty: (days) => `No stale tokens: every active token was used in the last ${days}.`,
  },
  {
    name: 'expiring',
    what: 'The expiring-token report',
    path: '/api/v1/reports/expiring-tokens',
    columns: ['owned', 'client', 'note', 'expires', 'last'],
    span: (days) => `active, expiring within ${days}`,
    empty: (days) => `No active token expires in the next ${days}.`,
  },
];

/**
 * The stale-token, expiring-token and failed-login reports over the windows the server defaults to: each answer
 * says its window, and the panels name it from there.
 */
export function reportsPanel(s: Session): void {
  for (const { name, what, path, columns, span, empty } of tokenReports) {
    poll(s, {
      what,
      state: $(`${name}-state`),
      everyMs: 60_000,
      load: () => s.api<Report>(path),
      render: ({ days, tokens }) => {
        $(`${name}-window`).textContent = span(plural(days, 'day'));
        renderTokens(name, tokens, columns, empty(plural(days, 'day')));
      },
    });
  }
  poll(s, {
    what: 'The failed-logins report',
    state: $('failed-state'),
    everyMs: 30_000,
    load: () => s.api<Static<typeof FailedLogins>>('/api/v1/reports/failed-logins'),
    render: renderFailedLogins,
  });
}

function renderTokens(name: string, tokens: Activity[], columns: Column[], empty: string): void {
  const holder = $(`${name}-result`);
  if (tokens.length === 0) {
    holder.replaceChildren(el('p', { className: 'empty', text: empty }));
    return;
  }
  const shown = tokens.slice(0, rowsShown);
  holder.replaceChildren(activityTable(shown, columns, name), tokens.length > shown.length ? el('p', { className: 'muted small', text: `${shown.length} of ${tokens.length} shown.` }) : '');
}

/** Who is guessing (by address, with the unknown names tried from it) and whose password is guessed. */
function renderFailedLogins(report: Static<typeof FailedLogins>): void {
  const hours = Math.round((Date.parse(report.to) - Date.parse(report.from)) / 3_600_000);
  const span = `the last ${plural(hours, 'hour')}`;
  $('failed-window').textContent = `${span}, by address and by the user aimed at`;
  const count = (n: number) => number.format(n);
  $('failed-by-ip').replaceChildren(
    dataTable(
      'failed-by-ip-table',
      [['Address'], ['Failures', 'num'], ['Unknown names', 'num'], ['Users', 'num'], ['Last']],
      report.by_ip.map((row) =>
        el('tr', { dataset: { testid: 'failed-ip-row', ip: row.ip } }, cell('Address', el('span', { className: 'mono', text: row.ip })), cell('Failures', count(row.failures), 'num strong'),
          cell('Unknown names', count(row.unknown_names), 'num'), cell('Users', count(row.users), 'num'), cell('Last', timeEl(row.last_at))),
      ),
      `No failed logins in ${span}.`,
    ),
  );
  $('failed-by-user').replaceChildren(
    dataTable(
      'failed-by-user-table',
      [['User'], ['Failures', 'num'], ['Addresses', 'num'], ['Last']],
      report.by_user.map((row) =>
        el('tr', { dataset: { testid: 'failed-user-row', userId: row.user_id } }, cell('User', idButton(row.user_id, 'user')), cell('Failures', count(row.failures), 'num strong'),
          cell('Addresses', count(row.ips), 'num'), cell('Last', timeEl(row.last_at))),
      ),
      `No user had a failed login in ${span}.`,
    ),
  );
}
