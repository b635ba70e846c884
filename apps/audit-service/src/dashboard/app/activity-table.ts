import type { Static } from 'typebox';
import type { TokenActivity } from '../../query/token-activity.query.ts';
import { cell, dataTable, el, idButton, muted, timeEl } from './dom.ts';
import { number } from './format.ts';

export type Activity = Static<typeof TokenActivity>;

function tokenStatus(token: Activity, now = Date.now()): HTMLElement {
  if (token.revoked_at) return el('span', { className: 'badge warn', text: 'revoked', title: token.revoked_reason ?? '' });
  if (token.expires_at && Date.parse(token.expires_at) <= now) return el('span', { className: 'badge', text: 'expired' });
  return el('span', { className: 'badge ok', text: 'active' });
}

const timeOrNever = (at: string | null) => (at ? timeEl(at) : muted('never'));

/** Each column a table of credentials may show: its heading, its cell, and its class (numbers align right). */
const columns = {
  token: ['Credential', (t) => el('div', { className: 'stack' }, idButton(t.token_id, 'token'), t.credential === 'api_key' ? el('span', { className: 'muted small', text: 'API key' }) : null)],
  user: ['User', (t) => idButton(t.user_id, 'user')],
  owned: ['Credential and user', (t) => el('div', { className: 'stack' }, idButton(t.token_id, 'token'), el('span', { className: 'small muted nowrap' }, t.credential === 'api_key' ? 'API key of ' : 'of ', idButton(t.user_id, 'user')))],
  client: ['Client', (t) => el('span', { className: 'chip small', text: t.client_type })],
  note: ['Note', (t) => (t.note ? el('span', { className: 'note', text: t.note }) : muted('—'))],
  status: ['Status', (t) => el('div', { className: 'stack' }, tokenStatus(t), t.revoked_reason ? el('span', { className: 'muted small', text: t.revoked_reason }) : null)],
  issued: ['Issued', (t) => timeEl(t.issued_at)],
  expires: ['Expires', (t) => timeOrNever(t.expires_at)],
  uses: ['Uses', (t) => el('span', { className: 'num', text: number.format(t.use_count) }), 'num'],
  first: ['First used', (t) => timeOrNever(t.first_used_at)],
  last: ['Last used', (t) => timeOrNever(t.last_used_at)],
  ip: ['Last IP', (t) => el('span', { className: 'mono', text: t.last_ip ?? '—' })],
  agent: ['Last User-Agent', (t) => el('span', { className: 'agent', text: t.last_user_agent ?? '—', title: t.last_user_agent ?? '' })],
} satisfies Record<string, [string, (token: Activity) => HTMLElement, string?]>;

export type Column = keyof typeof columns;

export function activityTable(tokens: Activity[], shown: Column[], testid: string): HTMLTableElement {
  const spec = shown.map((name): [string, (token: Activity) => HTMLElement, string?] => columns[name]);
  const rows = tokens.map((token) => el('tr', { dataset: { testid: `${testid}-row`, tokenId: token.token_id } }, ...spec.map(([label, render, className]) => cell(label, render(token), className))));
  return dataTable(testid, spec.map(([label, , className]) => [label, className]), rows);
}
