// The console's entry: sign-in, the signed-in views (#tokens, #new) and sign-out. esbuild bundles this folder into the
// page's one script (../bundle.ts); the page runs no inline script. A new token lives only in #created-token while the
// create view is open: never in a URL, storage or the page's HTML after the reader moves on.
import { ApiError, failureOf } from '@tessera/http/api-refusal';
import { call, useSession, type Session } from './api.ts';
import { byId, fieldError, make } from './dom.ts';
import { describeFailure, formatDate, lastUsedText } from './format.ts';
import { customExpiry, expiryPresets, readTokenForm, refusedField, type FieldErrors } from './token-form.ts';

interface TokenRow {
  id: string;
  note: string;
  masked: string;
  client_type: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  current: boolean;
}

interface CreatedToken {
  token: string;
  note: string;
}

type View = 'signin' | 'tokens' | 'new';
let session: Session | undefined;

// ---- banner, notice ----

function showBanner(message: string): void {
  byId('banner-text').textContent = message;
  byId('banner').hidden = false;
}
const hideBanner = () => {
  byId('banner').hidden = true;
};
byId('banner-close').addEventListener('click', hideBanner);

function notify(message?: string): void {
  const notice = byId('notice');
  notice.textContent = message ?? '';
  notice.hidden = !message;
}

/** A refusal of the session itself ends it here too; anything else is the banner's. */
function fail(what: string, error: unknown): void {
  const failure = failureOf(error);
  if (failure.status === 401 && session) return signedOut('Your session has ended. Sign in again.');
  showBanner(describeFailure(what, failure));
}

// ---- views ----

function show(view: View): void {
  for (const name of ['signin', 'tokens', 'new'] as const) byId(`${name}-view`).hidden = name !== view;
  byId('nav').hidden = view === 'signin';
  byId('account').hidden = view === 'signin';
  for (const [link, name] of [['nav-tokens', 'tokens'], ['nav-new', 'new']] as const) {
    if (name === view) byId(link).setAttribute('aria-current', 'page');
    else byId(link).removeAttribute('aria-current');
  }
  if (view !== 'new') forgetCreatedToken();
}

function route(): void {
  if (!session) return show('signin');
  if (location.hash === '#new') {
    openCreate();
    return;
  }
  show('tokens');
  void loadTokens();
}

function signedIn(answer: Session): void {
  session = answer;
  useSession(answer);
  byId('who').textContent = `Signed in as ${answer.user.username}`;
  route();
  // The create view focuses its first field itself.
  if (location.hash !== '#new') byId('main').focus();
}

function signedOut(message?: string): void {
  session = undefined;
  useSession(undefined);
  byId('tokens-body').replaceChildren();
  show('signin');
  notify(message);
  byId('signin-login').focus();
}

// ---- sign in, sign out ----

const signinLogin = byId<HTMLInputElement>('signin-login');
const signinPassword = byId<HTMLInputElement>('signin-password');

byId('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const login = signinLogin.value.trim();
  const password = signinPassword.value;
  fieldError(signinLogin, login ? undefined : 'Enter your username or email.');
  fieldError(signinPassword, password ? undefined : 'Enter your password.');
  const formError = byId('signin-error');
  formError.hidden = true;
  if (!login) return signinLogin.focus();
  if (!password) return signinPassword.focus();

  const button = byId<HTMLButtonElement>('signin-submit');
  button.disabled = true;
  button.textContent = 'Signing in…';
  try {
    const answer = await call<Session>('POST', '/console/session', { username: login, password });
    signinPassword.value = '';
    hideBanner();
    notify();
    signedIn(answer);
  } catch (error) {
    const failure = failureOf(error);
    signinPassword.value = '';
    // Wrong credentials and a lockout are refused with the API's own words, beside the form; anything else is a banner.
    if (failure.status === 401 || failure.status === 403 || failure.status === 429) {
      formError.textContent = failure.message;
      formError.hidden = false;
      signinPassword.focus();
    } else {
      showBanner(describeFailure('Signing in', failure));
    }
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
});

byId('sign-out').addEventListener('click', async () => {
  try {
    await call('DELETE', '/console/session');
    history.replaceState(null, '', location.pathname);
    signedOut('You are signed out.');
  } catch (error) {
    fail('Signing out', error);
  }
});

// ---- my tokens ----

function tokenRow(token: TokenRow): HTMLTableRowElement {
  const cell = (label: string, ...children: Array<Node | string>) => {
    const td = make('td', {}, ...children);
    td.dataset['label'] = label;
    return td;
  };
  const time = (iso: string, text = formatDate(iso)) => {
    const node = make('time', { textContent: text });
    node.dateTime = iso;
    return node;
  };
  const lastUsed = token.last_used_at && token.last_used_at !== 'unknown' ? time(token.last_used_at, lastUsedText(token.last_used_at)) : lastUsedText(token.last_used_at);
  let action: Node | string = 'This session';
  if (!token.current) {
    const revoke = make('button', { type: 'button', className: 'button-quiet', textContent: 'Revoke' });
    revoke.dataset['testid'] = 'revoke';
    revoke.setAttribute('aria-label', `Revoke the token “${token.note}”`);
    revoke.addEventListener('click', () => confirmRevoke(token, revoke));
    action = revoke;
  }
  const row = make(
    'tr',
    {},
    Object.assign(cell('Note', token.note || '(no note)'), { className: 'note' }),
    cell('Token', make('code', { textContent: token.masked })),
    cell('Client type', token.client_type),
    cell('Created', time(token.created_at)),
    cell('Expires', time(token.expires_at)),
    cell('Last used', lastUsed),
    Object.assign(cell('', action), { className: 'actions-cell' }),
  );
  row.dataset['testid'] = 'token-row';
  row.dataset['tokenId'] = token.id;
  return row;
}

async function loadTokens(): Promise<void> {
  const state = byId('tokens-state');
  state.textContent = 'Loading your tokens…';
  state.hidden = false;
  try {
    const tokens = await call<TokenRow[]>('GET', '/api/v1/auth/tokens/');
    byId('tokens-body').replaceChildren(...tokens.map(tokenRow));
    state.textContent = tokens.length ? '' : 'You have no active tokens.';
    state.hidden = tokens.length > 0;
    byId('tokens-view').dataset['state'] = 'ready';
  } catch (error) {
    state.textContent = 'Your tokens could not be loaded.';
    fail('Loading your tokens', error);
  }
}

// ---- revoke ----

const revokeDialog = byId<HTMLDialogElement>('revoke-dialog');
let revoking: { token: TokenRow; opener: HTMLElement } | undefined;

function confirmRevoke(token: TokenRow, opener: HTMLElement): void {
  revoking = { token, opener };
  byId('revoke-detail').textContent = `“${token.note}” (${token.masked}) stops working at once. Whatever uses it must be given another token.`;
  revokeDialog.showModal();
}

byId('revoke-cancel').addEventListener('click', () => revokeDialog.close());
revokeDialog.addEventListener('close', () => {
  if (revoking?.opener.isConnected) revoking.opener.focus();
});
byId('revoke-confirm').addEventListener('click', async () => {
  if (!revoking) return;
  const { token } = revoking;
  const button = byId<HTMLButtonElement>('revoke-confirm');
  button.disabled = true;
  try {
    await call('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(token.id)}/`);
    revoking = undefined;
    revokeDialog.close();
    notify(`Revoked “${token.note}”.`);
    await loadTokens();
    byId('tokens-title').focus();
  } catch (error) {
    revokeDialog.close();
    fail('Revoking the token', error);
  } finally {
    button.disabled = false;
  }
});

// ---- create ----

const createForm = byId<HTMLFormElement>('create-form');
const noteField = byId<HTMLInputElement>('create-note');
const expiryField = byId<HTMLSelectElement>('create-expiry');
const dateField = byId<HTMLInputElement>('create-date');
const policyField = byId<HTMLTextAreaElement>('create-policy');

expiryField.append(
  ...expiryPresets.map((preset) => make('option', { textContent: preset.label, value: preset.value })),
  make('option', { textContent: 'On a date…', value: customExpiry }),
);
const defaultExpiry = '30d';
expiryField.addEventListener('change', () => {
  byId('create-date-field').hidden = expiryField.value !== customExpiry;
});

function openCreate(): void {
  forgetCreatedToken();
  show('new');
  createForm.reset();
  expiryField.value = defaultExpiry;
  byId('create-date-field').hidden = true;
  for (const field of [noteField, expiryField, dateField, policyField]) fieldError(field);
  createForm.hidden = false;
  noteField.focus();
}

function showFieldErrors(errors: FieldErrors): void {
  const fields = { note: noteField, expiry: expiryField.value === customExpiry ? dateField : expiryField, policy: policyField };
  fieldError(noteField, errors.note);
  fieldError(expiryField, expiryField.value === customExpiry ? undefined : errors.expiry);
  fieldError(dateField, expiryField.value === customExpiry ? errors.expiry : undefined);
  fieldError(policyField, errors.policy);
  const first = (['note', 'expiry', 'policy'] as const).find((name) => errors[name]);
  if (first) fields[first].focus();
}

createForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const read = readTokenForm({ note: noteField.value, expiry: expiryField.value, date: dateField.value, policy: policyField.value }, new Date());
  if ('errors' in read) return showFieldErrors(read.errors);
  showFieldErrors({});
  const button = byId<HTMLButtonElement>('create-submit');
  button.disabled = true;
  try {
    const created = await call<CreatedToken>('POST', '/api/v1/auth/tokens/', read.request);
    reveal(created);
  } catch (error) {
    const failure = failureOf(error);
    const field = failure instanceof ApiError && failure.status === 400 ? refusedField(failure.code, failure.message) : undefined;
    if (field) showFieldErrors({ [field]: failure.message });
    else fail('Creating the token', error);
  } finally {
    button.disabled = false;
  }
});

function reveal(created: CreatedToken): void {
  createForm.reset();
  createForm.hidden = true;
  byId('created-token').textContent = created.token;
  byId('copy-status').textContent = '';
  byId('created').hidden = false;
  byId('created-title').focus();
}

/** Takes the token out of the page (the reader left the view, or the page), so it is not there to be found later. */
function forgetCreatedToken(): void {
  byId('created-token').replaceChildren();
  byId('copy-status').textContent = '';
  byId('created').hidden = true;
}

byId('copy-token').addEventListener('click', async () => {
  const status = byId('copy-status');
  try {
    await navigator.clipboard.writeText(byId('created-token').textContent ?? '');
    status.textContent = 'Copied to the clipboard.';
  } catch {
    status.textContent = 'This browser did not allow copying: select the token and copy it yourself.';
  }
});

// ---- start ----

window.addEventListener('hashchange', () => {
  hideBanner();
  notify();
  route();
});
// Also when the page is put away (a back-forward cache keeps its DOM).
window.addEventListener('pagehide', forgetCreatedToken);

try {
  signedIn(await call<Session>('GET', '/console/session'));
} catch (error) {
  const failure = failureOf(error);
  if (failure.status !== 401) showBanner(describeFailure('Checking your session', failure));
  signedOut();
}
