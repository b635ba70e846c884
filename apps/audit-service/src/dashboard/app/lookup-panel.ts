import { failureOf, isAbort } from './api.ts';
import { activityTable, type Activity } from './activity-table.ts';
import { $, setState } from './dom.ts';
import { describeFailure, plural } from './format.ts';
import type { Session } from './session.ts';

/** A credential's activity, or a user's credentials; any id button on the page opens its own here. */
export function lookupPanel(s: Session): void {
  const form = $<HTMLFormElement>('lookup-form');
  const input = $<HTMLInputElement>('lookup-id');
  const kindSelect = $<HTMLSelectElement>('lookup-kind');
  const result = $('lookup-result');
  const state = $('lookup-state');
  let run = 0;
  const go = async () => {
    const id = input.value.trim();
    if (!id) return;
    const chosen = kindSelect.value;
    const kind = chosen === 'auto' ? (id.startsWith('usr_') ? 'user' : 'token') : chosen;
    const mine = ++run;
    result.setAttribute('aria-busy', 'true');
    setState(state, 'loading', kind === 'user' ? `Loading the tokens of ${id}…` : `Loading the activity of ${id}…`);
    try {
      const tokens =
        kind === 'user'
          ? (await s.api<{ tokens: Activity[] }>(`/api/v1/activity/users/${encodeURIComponent(id)}`)).tokens
          : [await s.api<Activity>(`/api/v1/activity/tokens/${encodeURIComponent(id)}`)];
      if (mine !== run) return;
      if (tokens.length === 0) {
        result.hidden = true;
        setState(state, 'empty', `${id} has no tokens or API keys on record. Check the id, or wait a moment if the user was just created.`);
      } else {
        setState(state, 'info', kind === 'user' ? `${plural(tokens.length, 'credential')} of ${id}, newest first.` : `Activity of ${id}.`);
        result.replaceChildren(activityTable(tokens, ['token', 'user', 'client', 'note', 'status', 'issued', 'expires', 'uses', 'first', 'last', 'ip', 'agent'], 'lookup'));
        result.hidden = false;
      }
    } catch (error) {
      if (s.stopped || isAbort(error) || mine !== run) return;
      const failure = failureOf(error);
      result.hidden = true;
      if (failure.status === 404) setState(state, 'empty', failure.message);
      else setState(state, 'error', `${describeFailure('The lookup', failure)} Look up again to retry.`);
    } finally {
      if (mine === run) result.removeAttribute('aria-busy');
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void go();
  });
  const open = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-lookup]') : null;
    if (!target || !$('dashboard').contains(target)) return;
    input.value = target.dataset['id'] ?? '';
    kindSelect.value = target.dataset['lookup'] ?? 'auto';
    void go();
    form.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };
  document.addEventListener('click', open);
  s.onStop(() => document.removeEventListener('click', open));
}
