// One audit event as the live panel and the log show it: its type's badge and the facts worth a glance.
import type { Static } from 'typebox';
import type { TokenServiceEvent, TokenServiceEventType } from '@tessera/contracts';
import type { AuditEvent } from '../../query/audit-log.query.ts';
import { el, idButton, timeEl } from './dom.ts';

export type AuditEntry = Static<typeof AuditEvent>;

type Tone = 'ok' | 'bad' | 'warn';
// Every type the events' contract names, and no other: a type added there fails the typecheck until it has a tone.
const tones: Record<TokenServiceEventType, Tone> = {
  UserRegistered: 'ok', UserReactivated: 'ok', LoginSucceeded: 'ok', TokenIssued: 'ok', ApiKeyGenerated: 'ok',
  LoginFailed: 'bad', UnknownLoginFailed: 'bad',
  UserDeactivated: 'warn', PasswordChanged: 'warn', TokenRevoked: 'warn', TokenExpired: 'warn', ApiSecretRegenerated: 'warn',
  LoginLockoutLifted: 'warn',
};

type KeyOfAny<T> = T extends unknown ? keyof T : never;
// The event data worth a glance, in this order (who acted comes first, from the entry's own `actor`); the rest is one
// click away in the log's Data column. Each is a field of some event in the contract.
const detailKeys = ['note', 'username', 'email', 'token_id', 'api_key', 'masked', 'masked_secret', 'reason', 'failures', 'ip', 'roles', 'expires_at'] as const satisfies ReadonlyArray<
  KeyOfAny<TokenServiceEvent['data']>
>;

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export const typeBadge = (type: string) =>
  el('span', { className: `badge ${Object.hasOwn(tones, type) ? tones[type as TokenServiceEventType] : ''}`, text: type, dataset: { testid: 'event-type' } });

/** The token or API key an entry is about, for the rows' data-token-id. */
export const credentialOf = (entry: AuditEntry) => {
  const id = entry.data['token_id'] ?? entry.data['api_key'];
  return typeof id === 'string' ? id : undefined;
};

export function factsOf(entry: AuditEntry): HTMLElement[] {
  const facts = detailKeys.filter((key) => entry.data[key] !== undefined && entry.data[key] !== null && entry.data[key] !== '').map((key) => factEl(key, entry.data[key]));
  return entry.actor ? [actorEl(entry.actor), ...facts] : facts;
}

// Who acted, first: an admin acting on another user's account is what the log must make plain.
function actorEl(actor: NonNullable<AuditEntry['actor']>): HTMLElement {
  const attrs = { className: 'fact', dataset: { key: 'actor', testid: 'actor', actor: actor.user_id } };
  // The service itself, recovering administration: no credential was used, so there is none to follow.
  if (actor.credential === 'bootstrap') return el('span', attrs, el('span', { className: 'fact-key', text: 'by' }), ` the bootstrap (${actor.credential_id})`);
  return el(
    'span',
    attrs,
    el('span', { className: 'fact-key', text: 'by' }), ' ', idButton(actor.user_id, 'user'), ' ',
    el('span', { className: 'fact-key', text: actor.credential === 'api_key' ? 'with API key' : 'with token' }), ' ', idButton(actor.credential_id, 'token'),
  );
}

function factEl(key: (typeof detailKeys)[number], value: unknown): HTMLElement {
  if (key === 'token_id' || key === 'api_key') return idButton(String(value), 'token');
  if (key === 'note') return el('span', { className: 'note', text: `“${asText(value)}”` });
  if (key === 'expires_at') return el('span', { className: 'fact' }, 'expires ', timeEl(String(value)));
  return el('span', { className: 'fact', dataset: { key } }, el('span', { className: 'fact-key', text: key.replaceAll('_', ' ') }), ' ', asText(value));
}

/** The entry's user and client type as the live panel shows them, when it has them. */
export const userEl = (entry: AuditEntry) => (entry.user_id ? idButton(entry.user_id, 'user') : null);
export const clientEl = (entry: AuditEntry) => (entry.client_type ? el('span', { className: 'chip small', text: entry.client_type }) : null);
