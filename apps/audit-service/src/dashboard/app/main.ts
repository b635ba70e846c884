// The ops dashboard's entry: sign-in, and the panels of a signed-in session. esbuild bundles this folder into the
// page's one script (../bundle.ts); the page runs no inline script.
import { failureOf, normalizeCredential, request } from './api.ts';
import { auditLogPanel } from './audit-log-panel.ts';
import { $, renderTimes } from './dom.ts';
import { describeFailure } from './format.ts';
import { lagPanel } from './lag-panel.ts';
import { livePanel } from './live-panel.ts';
import { liveStream } from './live-stream.ts';
import { lookupPanel } from './lookup-panel.ts';
import { reportsPanel } from './reports-panel.ts';
import { createSession, type Session } from './session.ts';
import { summaryPanel } from './summary-panel.ts';

const credentialKey = 'tessera.audit.credential';

// Each session starts from the page as served, so nothing of the last one stays on screen.
const pristineDashboard = $('dashboard').cloneNode(true) as HTMLElement;
let session: Session | undefined;

function showSignIn(message?: string): void {
  $('dashboard').hidden = true;
  $('session-controls').hidden = true;
  $('signin').hidden = false;
  const error = $('signin-error');
  error.hidden = !message;
  error.replaceChildren(...(message ? [message] : []));
  $('signin-token').focus();
}

function signOut(message?: string): void {
  sessionStorage.removeItem(credentialKey);
  session?.stop();
  session = undefined;
  showSignIn(message);
}

function startSession(credential: string): void {
  const fresh = pristineDashboard.cloneNode(true) as HTMLElement;
  $('dashboard').replaceWith(fresh);
  $('signin').hidden = true;
  $('session-controls').hidden = false;
  fresh.hidden = false;

  const s = createSession(credential, signOut);
  session = s;
  const ticker = window.setInterval(renderTimes, 15_000);
  s.onStop(() => window.clearInterval(ticker));

  const live = livePanel(s);
  summaryPanel(s);
  lagPanel(s);
  reportsPanel(s);
  auditLogPanel(s);
  lookupPanel(s);
  liveStream(s, live);
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $<HTMLInputElement>('signin-token');
  const button = $<HTMLButtonElement>('signin-submit');
  const credential = normalizeCredential(input.value);
  if (!credential) return showSignIn('Paste a token, or an API key and its secret as key:secret.');
  button.disabled = true;
  button.textContent = 'Checking…';
  try {
    await request(credential, '/api/v1/audit-log?limit=1');
    sessionStorage.setItem(credentialKey, credential);
    input.value = '';
    $('signin-error').hidden = true;
    startSession(credential);
  } catch (error) {
    const failure = failureOf(error);
    showSignIn(failure.status === 401 || failure.status === 403 ? `${failure.message} (${failure.status} ${failure.code})` : describeFailure('Signing in', failure));
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
});

$('sign-out').addEventListener('click', () => signOut());

const saved = sessionStorage.getItem(credentialKey);
if (saved) startSession(saved);
else showSignIn();
