/* global document, window, sessionStorage, fetch, setTimeout, clearTimeout, setInterval, clearInterval, AbortController, TextDecoderStream, URLSearchParams, getComputedStyle, Node, Element */
// The ops dashboard. No build step and no framework: the DOM is built with textContent only, never innerHTML, as
// event data can hold any string a client sent (a note, a User-Agent).

const credentialKey = 'tessera.audit.credential';
const windowKey = 'tessera.audit.window';
const liveCap = 100;
const logPageSize = 50;

const windows = {
  '1h': { hours: 1, bucket: 'minute', label: 'the last hour' },
  '24h': { hours: 24, bucket: 'hour', label: 'the last 24 hours' },
  '7d': { hours: 168, bucket: 'hour', label: 'the last 7 days' },
  '30d': { hours: 720, bucket: 'day', label: 'the last 30 days' },
};

const tones = {
  LoginSucceeded: 'ok', TokenIssued: 'ok', ApiKeyGenerated: 'ok', UserRegistered: 'ok', UserReactivated: 'ok',
  LoginFailed: 'bad', UnknownLoginFailed: 'bad',
  TokenRevoked: 'warn', TokenExpired: 'warn', UserDeactivated: 'warn', ApiSecretRegenerated: 'warn', PasswordChanged: 'warn',
};

// The event data worth a glance, in this order; the rest is one click away in the log's Data column.
const detailKeys = ['actor', 'note', 'username', 'email', 'token_id', 'api_key', 'masked', 'masked_secret', 'reason', 'ip', 'roles', 'expires_at'];

const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat();
const fullTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

// ---------------------------------------------------------------------------------------------------------------
// DOM and formatting

function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  const { className, text, title, dataset, attrs } = options;
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (title) node.title = title;
  for (const [key, value] of Object.entries(dataset ?? {})) if (value !== undefined && value !== null) node.dataset[key] = String(value);
  for (const [key, value] of Object.entries(attrs ?? {})) if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? '' : String(value));
  for (const child of children.flat()) if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
  return node;
}

const asText = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

function relative(iso, now = Date.now()) {
  const seconds = (Date.parse(iso) - now) / 1000;
  const size = Math.abs(seconds);
  if (size < 10) return 'just now';
  if (size < 60) return relativeTime.format(Math.round(seconds), 'second');
  if (size < 3600) return relativeTime.format(Math.round(seconds / 60), 'minute');
  if (size < 86400) return relativeTime.format(Math.round(seconds / 3600), 'hour');
  if (size < 86400 * 45) return relativeTime.format(Math.round(seconds / 86400), 'day');
  return relativeTime.format(Math.round(seconds / (86400 * 30)), 'month');
}

/** A <time> showing how long ago (kept current), with the exact local time beside it or in its tooltip. */
function timeEl(iso, { exact = 'title' } = {}) {
  if (!iso) return el('span', { className: 'muted', text: '—' });
  const date = new Date(iso);
  const node = el('time', { attrs: { datetime: iso }, title: fullTime.format(date), dataset: { relative: iso, exact } });
  renderTime(node);
  return node;
}

function renderTime(node) {
  const iso = node.dataset.relative;
  const date = new Date(iso);
  if (node.dataset.exact === 'clock') node.replaceChildren(el('span', { className: 'clock', text: clockTime.format(date) }), el('span', { className: 'ago', text: relative(iso) }));
  else if (node.dataset.exact === 'inline') node.replaceChildren(el('span', { text: shortDateTime.format(date) }), el('span', { className: 'ago', text: relative(iso) }));
  else node.textContent = relative(iso);
}

function setState(node, kind, message) {
  if (!message) {
    node.hidden = true;
    node.replaceChildren();
    return;
  }
  node.hidden = false;
  node.dataset.kind = kind;
  node.replaceChildren(message);
}

function describeFailure(what, error) {
  if (error.status === 0) return `${what}: the audit service did not answer (network error).`;
  const detail = `${error.message} (${error.status}${error.code && error.code !== 'error' ? ` ${error.code}` : ''})`;
  if (error.status === 404) return `${what} is not available on this server: ${detail}.`;
  if (error.status === 503) return `${what} is unavailable: ${detail}.`;
  return `${what} failed: ${detail}.`;
}

const backoff = (failures, first, most) => Math.min(most, first * 2 ** Math.max(0, failures - 1));
const seconds = (ms) => `${Math.round(ms / 1000)} s`;

// ---------------------------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const isAbort = (error) => error?.name === 'AbortError';

async function request(credential, path, signal) {
  let response;
  try {
    response = await fetch(path, { headers: { authorization: `Token ${credential}`, accept: 'application/json' }, cache: 'no-store', signal });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'unreachable', 'network error');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body?.code ?? 'error', typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`);
  return body;
}

/** What a user pastes: a token, `key:secret`, or by habit a whole `Token …` header value. */
const normalizeCredential = (value) => value.trim().replace(/^(token|bearer)\s+/i, '');

// ---------------------------------------------------------------------------------------------------------------
// Sign-in

const pristineDashboard = $('dashboard').cloneNode(true);
let session;

function showSignIn(message) {
  $('dashboard').hidden = true;
  $('session-controls').hidden = true;
  $('signin').hidden = false;
  const error = $('signin-error');
  error.hidden = !message;
  error.replaceChildren(...(message ? [message] : []));
  $('signin-token').focus();
}

function signOut(message) {
  sessionStorage.removeItem(credentialKey);
  session?.stop();
  session = undefined;
  showSignIn(message);
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const credential = normalizeCredential($('signin-token').value);
  const error = $('signin-error');
  const button = $('signin-submit');
  if (!credential) return showSignIn('Paste a token, or an API key and its secret as key:secret.');
  button.disabled = true;
  button.textContent = 'Checking…';
  try {
    await request(credential, '/api/v1/audit-log?limit=1');
    sessionStorage.setItem(credentialKey, credential);
    $('signin-token').value = '';
    error.hidden = true;
    startSession(credential);
  } catch (failure) {
    const message = failure.status === 401 || failure.status === 403 ? `${failure.message} (${failure.status} ${failure.code})` : describeFailure('Signing in', failure);
    showSignIn(message);
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
});

$('sign-out').addEventListener('click', () => signOut());

// ---------------------------------------------------------------------------------------------------------------
// A session: everything the signed-in page runs, stopped as one on sign-out.

function startSession(credential) {
  const fresh = pristineDashboard.cloneNode(true);
  $('dashboard').replaceWith(fresh);
  $('signin').hidden = true;
  $('session-controls').hidden = false;
  fresh.hidden = false;

  const controller = new AbortController();
  const timers = new Set();
  const stops = [];
  const s = {
    stopped: false,
    signal: controller.signal,
    later(fn, ms) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!s.stopped) fn();
      }, ms);
      timers.add(timer);
      return timer;
    },
    cancel(timer) {
      clearTimeout(timer);
      timers.delete(timer);
    },
    onStop: (fn) => stops.push(fn),
    async api(path) {
      try {
        return await request(credential, path, controller.signal);
      } catch (error) {
        s.refused(error);
        throw error;
      }
    },
    credential,
    /** A credential the API refuses (revoked, expired, no longer an admin) ends the session; true when it did. */
    refused(error) {
      if (s.stopped || (error.status !== 401 && error.status !== 403)) return false;
      signOut(`Signed out: ${error.message} (${error.status} ${error.code})`);
      return true;
    },
    stop() {
      s.stopped = true;
      controller.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const fn of stops) fn();
    },
  };
  session = s;

  const ticker = setInterval(() => document.querySelectorAll('time[data-relative]').forEach(renderTime), 15_000);
  s.onStop(() => clearInterval(ticker));

  const live = liveEvents(s);
  const summary = summaryPanel(s);
  poll(s, { what: 'The consumer lag', state: $('lag-state'), everyMs: 10_000, load: () => s.api('/api/v1/consumer/lag'), render: renderLag, failed: lagFailed });
  poll(s, { what: 'The stale-token report', state: $('stale-state'), everyMs: 60_000, load: () => s.api('/api/v1/reports/stale-tokens?days=30'), render: (body) => renderReport('stale', body.tokens) });
  poll(s, { what: 'The expiring-token report', state: $('expiring-state'), everyMs: 60_000, load: () => s.api('/api/v1/reports/expiring-tokens?days=7'), render: (body) => renderReport('expiring', body.tokens) });
  poll(s, { what: 'The failed-logins report', state: $('failed-state'), everyMs: 30_000, load: () => s.api('/api/v1/reports/failed-logins?hours=24'), render: renderFailedLogins });
  auditLog(s);
  lookup(s);
  liveStream(s, live);
  s.onStop(() => summary.destroy());
}

/**
 * Loads a panel now and every `everyMs` (or once, without it); a failure is shown in the panel's state line, with the
 * retry's delay, and retried with back-off. The last good data stays on screen meanwhile.
 */
function poll(s, { what, state, everyMs, load, render, failed }) {
  let failures = 0;
  let loaded = false;
  let timer;
  let run = 0;
  const go = async () => {
    const mine = ++run;
    s.cancel(timer);
    if (!loaded) setState(state, 'loading', `Loading…`);
    try {
      const data = await load();
      if (s.stopped || mine !== run) return;
      failures = 0;
      loaded = true;
      setState(state);
      render(data);
      if (everyMs) timer = s.later(go, everyMs);
    } catch (error) {
      if (s.stopped || isAbort(error) || mine !== run) return;
      failures += 1;
      const wait = backoff(failures, 5_000, 60_000);
      setState(state, 'error', `${describeFailure(what, error)} Retrying in ${seconds(wait)}.`);
      failed?.(error);
      timer = s.later(go, wait);
    }
  };
  void go();
  return { refresh: go };
}

// ---------------------------------------------------------------------------------------------------------------
// Headline counts and charts

function summaryPanel(s) {
  const select = $('window');
  const saved = sessionStorage.getItem(windowKey);
  if (saved && windows[saved]) select.value = saved;
  const charts = createCharts();
  const current = () => windows[select.value] ?? windows['24h'];

  const poller = poll(s, {
    what: 'The summary',
    state: $('summary-state'),
    everyMs: 20_000,
    load: () => s.api(`/api/v1/stats/summary?hours=${current().hours}&bucket=${current().bucket}`),
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
  s.onStop(() => select.removeEventListener('change', changed));
  return { destroy: () => charts?.destroy() };
}

function renderCards(summary, span) {
  const { active_tokens: active, totals } = summary;
  $('metric-active').textContent = number.format(active.total);
  const chips = (rows, count) => [...rows].sort((a, b) => count(b) - count(a)).map((row) => el('li', { className: 'chip' }, el('span', { text: row.client_type }), el('strong', { text: number.format(count(row)) })));
  const activeChips = chips(active.by_client_type, (row) => row.count);
  $('metric-active-by-client').replaceChildren(...(activeChips.length ? activeChips : [el('li', { className: 'muted', text: 'none yet' })]));
  $('metric-validations-by-client').replaceChildren(...chips(summary.validations_by_client_type ?? [], (row) => row.uses));
  const metrics = [
    ['metric-validations', totals.validations, false],
    ['metric-logins', totals.logins, false],
    ['metric-failed', totals.failed_logins, true],
    ['metric-dead', totals.dead_letters, true],
  ];
  for (const [id, value, alarming] of metrics) {
    $(id).textContent = number.format(value);
    $(id).closest('.card').classList.toggle('alert', alarming && value > 0);
  }
  for (const id of ['metric-validations-note', 'metric-logins-note', 'metric-failed-note']) $(id).textContent = `in ${span.label}`;
}

function createCharts() {
  const Chart = window.Chart;
  const ids = ['chart-validations', 'chart-logins', 'chart-lifecycle'];
  if (!Chart) {
    for (const id of ids) setState($(`${id}-empty`), 'error', 'Charts are unavailable: Chart.js did not load.');
    return undefined;
  }
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  Chart.defaults.font.family = css.getPropertyValue('font-family');
  Chart.defaults.color = color('--muted');
  Chart.defaults.borderColor = color('--grid');

  const options = () => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 10 } }, tooltip: { callbacks: {} } },
    scales: {
      x: { grid: { display: false }, ticks: { maxTicksLimit: 7, maxRotation: 0, autoSkip: true } },
      y: { beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 5 } },
    },
    elements: { point: { radius: 0, hoverRadius: 4, hitRadius: 8 }, line: { tension: 0.3, borderWidth: 2 } },
  });
  const line = (label, cssColor, fill) => ({ label, data: [], borderColor: color(cssColor), backgroundColor: `${color(cssColor)}33`, fill });
  const bar = (label, cssColor) => ({ label, data: [], backgroundColor: color(cssColor), borderRadius: 2, maxBarThickness: 18 });

  const charts = {
    validations: new Chart($('chart-validations'), { type: 'line', data: { labels: [], datasets: [line('Validations', '--accent', 'origin')] }, options: options() }),
    logins: new Chart($('chart-logins'), { type: 'line', data: { labels: [], datasets: [line('Logins', '--ok', false), line('Failed logins', '--bad', 'origin')] }, options: options() }),
    lifecycle: new Chart($('chart-lifecycle'), { type: 'bar', data: { labels: [], datasets: [bar('Issued', '--accent'), bar('Revoked', '--warn')] }, options: options() }),
  };
  charts.validations.options.plugins.legend.display = false;
  const empties = {
    validations: 'No validations in this window. Every request a gateway or service checks with a token or API key is counted here.',
    logins: 'No logins in this window. Sign in through the gateway and it shows here.',
    lifecycle: 'No tokens issued or revoked in this window.',
  };
  const fields = { validations: ['validations'], logins: ['logins', 'failed_logins'], lifecycle: ['issued', 'revoked'] };

  return {
    render(summary, span) {
      const labels = summary.series.map((point) => bucketLabel(point.at, summary.bucket, span.hours));
      const titles = summary.series.map((point) => fullTime.format(new Date(point.at)));
      const range = `${shortDateTime.format(new Date(summary.from))} – ${shortDateTime.format(new Date(summary.to))}, per ${summary.bucket}`;
      for (const n of [1, 2, 3]) $(`chart-range-${n}`).textContent = range;
      for (const [name, chart] of Object.entries(charts)) {
        chart.data.labels = labels;
        fields[name].forEach((field, index) => (chart.data.datasets[index].data = summary.series.map((point) => point[field])));
        chart.options.plugins.tooltip.callbacks.title = (items) => titles[items[0]?.dataIndex] ?? '';
        chart.update('none');
        const total = fields[name].reduce((sum, field) => sum + summary.series.reduce((acc, point) => acc + point[field], 0), 0);
        setState($(`chart-${name}-empty`), 'empty', total === 0 ? empties[name] : undefined);
      }
    },
    unavailable(message) {
      for (const [name, chart] of Object.entries(charts)) if (chart.data.labels.length === 0) setState($(`chart-${name}-empty`), 'error', message);
    },
    destroy() {
      for (const chart of Object.values(charts)) chart.destroy();
    },
  };
}

function bucketLabel(at, bucket, hours) {
  const date = new Date(at);
  if (bucket === 'day') return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  if (hours > 24) return date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

// ---------------------------------------------------------------------------------------------------------------
// Newest events: seeded from the log, then fed by the stream

function liveEvents(s) {
  const list = $('live-events');
  const events = [];
  const ids = new Set();
  const newer = (a, b) => (a.occurred_at === b.occurred_at ? a.event_id > b.event_id : a.occurred_at > b.occurred_at);

  const showCount = () => {
    $('live-count').textContent = events.length ? `${events.length} shown, newest first` : '';
    if (events.length === 0 && $('live-state').dataset.kind !== 'error') {
      setState($('live-state'), 'empty', 'No events yet — sign in through the gateway or issue a token and it appears here.');
    } else if (events.length > 0 && $('live-state').dataset.kind !== 'error') setState($('live-state'));
  };

  const add = (event, fresh) => {
    if (ids.has(event.event_id)) return;
    let index = events.findIndex((other) => newer(event, other));
    if (index === -1) index = events.length;
    if (index >= liveCap) return;
    events.splice(index, 0, event);
    ids.add(event.event_id);
    const row = eventItem(event);
    if (fresh) row.classList.add('fresh');
    list.insertBefore(row, list.children[index] ?? null);
    while (events.length > liveCap) {
      ids.delete(events.pop().event_id);
      list.lastElementChild?.remove();
    }
    showCount();
  };

  const seed = async () => {
    try {
      const page = await s.api('/api/v1/audit-log?limit=25');
      const fresh = events.length > 0;
      for (const event of page.events) add(event, fresh);
      if ($('live-state').dataset.kind === 'error') setState($('live-state'));
      showCount();
    } catch (error) {
      if (s.stopped || isAbort(error)) return;
      if (events.length === 0) setState($('live-state'), 'error', `${describeFailure('Loading the newest events', error)} They load again when the stream reconnects.`);
    }
  };
  setState($('live-state'), 'loading', 'Loading the newest events…');
  void seed();
  return { add, seed };
}

const factsOf = (data) => detailKeys.filter((key) => data[key] !== undefined && data[key] !== null && data[key] !== '').map((key) => factEl(key, data[key]));

function eventItem(event) {
  const data = event.data ?? {};
  const facts = factsOf(data);
  return el(
    'li',
    { className: 'event', dataset: { testid: 'live-event', eventId: event.event_id, type: event.type, tokenId: data.token_id ?? data.api_key } },
    el('div', { className: 'event-head' }, typeBadge(event.type), timeEl(event.occurred_at, { exact: 'clock' })),
    el('div', { className: 'event-facts' }, event.user_id ? idButton(event.user_id, 'user') : null, event.client_type ? el('span', { className: 'chip small', text: event.client_type }) : null, ...facts),
  );
}

function factEl(key, value) {
  // Who acted, first: an admin acting on another user's account is what the log must make plain.
  if (key === 'actor') {
    return el('span', { className: 'fact', dataset: { key, testid: 'actor', actor: value.user_id } },
      el('span', { className: 'fact-key', text: 'by' }), ' ', idButton(String(value.user_id), 'user'), ' ',
      el('span', { className: 'fact-key', text: value.credential === 'api_key' ? 'with API key' : 'with token' }), ' ', idButton(String(value.credential_id), 'token'));
  }
  if (key === 'token_id' || key === 'api_key') return idButton(String(value), 'token');
  if (key === 'note') return el('span', { className: 'note', text: `“${asText(value)}”` });
  if (key === 'expires_at') return el('span', { className: 'fact' }, 'expires ', timeEl(String(value)));
  return el('span', { className: 'fact', dataset: { key } }, el('span', { className: 'fact-key', text: key.replaceAll('_', ' ') }), ' ', asText(value));
}

const typeBadge = (type) => el('span', { className: `badge ${tones[type] ?? ''}`, text: type, dataset: { testid: 'event-type' } });

const idButton = (id, kind) =>
  el('button', { className: 'id-link', text: id, title: kind === 'user' ? 'Show this user\'s tokens' : 'Show this credential\'s activity', attrs: { type: 'button' }, dataset: { lookup: kind, id } });

/** The top bar's short status, and the reason in full in the live panel while it is not live. */
function setLive(state, text, reason) {
  const status = $('live-status');
  status.dataset.state = state;
  status.textContent = text;
  status.title = reason ?? '';
  setState($('stream-state'), state === 'error' ? 'error' : 'warn', state === 'live' || state === 'connecting' ? undefined : reason);
}

/**
 * The server-sent events of `/api/v1/events/stream`, read with fetch (EventSource cannot send the credential). It
 * reconnects with back-off when the stream ends or fails, reloading the newest events to fill the gap, and gives up
 * the session on 401 or 403.
 */
function liveStream(s, live) {
  let failures = 0;
  const connect = async () => {
    if (failures > 0) setLive('reconnecting', 'Reconnecting…');
    else if ($('live-status').dataset.state !== 'live') setLive('connecting', 'Connecting…');
    const connection = new AbortController();
    const abort = () => connection.abort();
    s.signal.addEventListener('abort', abort, { once: true });
    let watchdog;
    // Keepalives come every 15 s: three missed ones mean a dead connection that TCP has not noticed.
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => connection.abort(), 45_000);
    };
    try {
      const response = await fetch('/api/v1/events/stream', { headers: { authorization: `Token ${s.credential}`, accept: 'text/event-stream' }, cache: 'no-store', signal: connection.signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        const error = new ApiError(response.status, body?.code ?? 'error', body?.message ?? `HTTP ${response.status}`);
        if (s.refused(error)) return;
        throw error;
      }
      alive();
      const opened = Date.now();
      let ready = false;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = sseParser((message) => {
        if (message.event === 'ready') {
          ready = true;
          failures = 0;
          setLive('live', 'Live');
          void live.seed();
        } else if (message.event === 'audit') {
          try {
            live.add(JSON.parse(message.data), true);
          } catch {
            // a message we cannot read is skipped, not fatal
          }
        }
      });
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        alive();
        parser(value);
      }
      // The server ends every stream after a few minutes, to check the credential again: not a failure. A stream that
      // ends soon after it opened is one, and waits its back-off.
      if (ready && Date.now() - opened > 10_000) {
        s.later(connect, 0);
        return;
      }
      throw new ApiError(0, 'ended', 'the stream ended');
    } catch (error) {
      if (s.stopped) return;
      failures += 1;
      const wait = backoff(failures, 1_000, 30_000);
      const reason = error instanceof ApiError && error.status > 0 ? describeFailure('The live stream', error) : 'The live connection dropped.';
      const state = failures > 3 ? 'error' : 'reconnecting';
      setLive(state, state === 'error' ? `Offline · retrying in ${seconds(wait)}` : `Reconnecting in ${seconds(wait)}`, `${reason} New events show here again once it reconnects; retrying in ${seconds(wait)}.`);
      s.later(connect, wait);
    } finally {
      clearTimeout(watchdog);
      s.signal.removeEventListener('abort', abort);
      connection.abort();
    }
  };
  void connect();
}

/** A text/event-stream parser fed chunks that may cut a line, or a CR LF, anywhere. */
function sseParser(onMessage) {
  let pending = '';
  return (chunk) => {
    let text = pending + chunk;
    let hold = '';
    if (text.endsWith('\r')) {
      hold = '\r';
      text = text.slice(0, -1);
    }
    const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
    pending = blocks.pop() + hold;
    for (const block of blocks) {
      const message = { event: 'message', data: [], id: undefined };
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') message.event = value;
        else if (field === 'data') message.data.push(value);
        else if (field === 'id') message.id = value;
      }
      if (message.data.length > 0 || message.event !== 'message') onMessage({ ...message, data: message.data.join('\n') });
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Projection lag

function renderLag(lag) {
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
  $('lag-partitions').tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(5, 'No partitions assigned yet.')]));
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
  // A few events in flight are normal; a backlog this long is not.
  $('metric-lag').closest('.card').classList.toggle('alert', lag.total_lag >= 100);
  $('metric-lag-note').replaceChildren(...(lag.newest_event_at ? ['newest event ', timeEl(lag.newest_event_at)] : ['no events yet']));
}

/** A dotted name that may wrap after its dots (text nodes and <wbr>, never markup from the data). */
const breakable = (name) => name.split('.').flatMap((part, index, parts) => (index < parts.length - 1 ? [`${part}.`, el('wbr')] : [part]));

function lagFailed(error) {
  $('metric-lag-note').textContent = error.status === 503 ? 'Kafka did not answer' : 'unknown';
}

const emptyRow = (columns, text) => el('tr', { className: 'empty-row' }, el('td', { text, attrs: { colspan: columns } }));

// ---------------------------------------------------------------------------------------------------------------
// Token activity: reports and lookup

function tokenStatus(token, now = Date.now()) {
  if (token.revoked_at) return el('span', { className: 'badge warn', text: 'revoked', title: token.revoked_reason ?? '' });
  if (token.expires_at && Date.parse(token.expires_at) <= now) return el('span', { className: 'badge', text: 'expired' });
  return el('span', { className: 'badge ok', text: 'active' });
}

const activityColumns = {
  token: ['Credential', (t) => el('div', { className: 'stack' }, idButton(t.token_id, 'token'), t.credential === 'api_key' ? el('span', { className: 'muted small', text: 'API key' }) : null)],
  user: ['User', (t) => idButton(t.user_id, 'user')],
  owned: ['Credential and user', (t) => el('div', { className: 'stack' }, idButton(t.token_id, 'token'), el('span', { className: 'small muted nowrap' }, t.credential === 'api_key' ? 'API key of ' : 'of ', idButton(t.user_id, 'user')))],
  client: ['Client', (t) => el('span', { className: 'chip small', text: t.client_type })],
  note: ['Note', (t) => (t.note ? el('span', { className: 'note', text: t.note }) : el('span', { className: 'muted', text: '—' }))],
  status: ['Status', (t) => el('div', { className: 'stack' }, tokenStatus(t), t.revoked_reason ? el('span', { className: 'muted small', text: t.revoked_reason }) : null)],
  issued: ['Issued', (t) => timeEl(t.issued_at)],
  expires: ['Expires', (t) => (t.expires_at ? timeEl(t.expires_at) : el('span', { className: 'muted', text: 'never' }))],
  uses: ['Uses', (t) => el('span', { className: 'num', text: number.format(t.use_count) }), 'num'],
  first: ['First used', (t) => (t.first_used_at ? timeEl(t.first_used_at) : el('span', { className: 'muted', text: 'never' }))],
  last: ['Last used', (t) => (t.last_used_at ? timeEl(t.last_used_at) : el('span', { className: 'muted', text: 'never' }))],
  ip: ['Last IP', (t) => el('span', { className: 'mono', text: t.last_ip ?? '—' })],
  agent: ['Last User-Agent', (t) => el('span', { className: 'agent', text: t.last_user_agent ?? '—', title: t.last_user_agent ?? '' })],
};

function activityTable(tokens, columns, testid) {
  const head = el('tr', {}, ...columns.map((name) => el('th', { text: activityColumns[name][0], className: activityColumns[name][2] ?? '', attrs: { scope: 'col' } })));
  const rows = tokens.map((token) =>
    el('tr', { dataset: { testid: `${testid}-row`, tokenId: token.token_id } }, ...columns.map((name) => el('td', { className: activityColumns[name][2] ?? '', attrs: { 'data-label': activityColumns[name][0] } }, activityColumns[name][1](token)))),
  );
  return el('table', { className: 'data-table stackable', dataset: { testid } }, el('thead', {}, head), el('tbody', {}, ...rows));
}

function renderReport(name, tokens) {
  const holder = $(`${name}-result`);
  if (tokens.length === 0) {
    const message = name === 'stale' ? 'No stale tokens: every active token was used in the last 30 days.' : 'No active token expires in the next 7 days.';
    holder.replaceChildren(el('p', { className: 'empty', text: message }));
    return;
  }
  const columns = name === 'stale' ? ['owned', 'client', 'note', 'last', 'expires'] : ['owned', 'client', 'note', 'expires', 'last'];
  const shown = tokens.slice(0, 200);
  holder.replaceChildren(activityTable(shown, columns, name), tokens.length > shown.length ? el('p', { className: 'muted small', text: `${shown.length} of ${tokens.length} shown.` }) : '');
}

/** Who is guessing (by address, with the unknown names tried from it) and whose password is guessed, last 24 hours. */
function renderFailedLogins(report) {
  const table = (testid, headings, rows, empty) =>
    el(
      'table',
      { className: 'data-table stackable', dataset: { testid } },
      el('thead', {}, el('tr', {}, ...headings.map(([text, className]) => el('th', { text, className: className ?? '', attrs: { scope: 'col' } })))),
      el('tbody', {}, ...(rows.length ? rows : [emptyRow(headings.length, empty)])),
    );
  const cell = (label, child, className) => el('td', { className: className ?? '', attrs: { 'data-label': label } }, child);
  const count = (n) => number.format(n);
  $('failed-by-ip').replaceChildren(
    table(
      'failed-by-ip-table',
      [['Address'], ['Failures', 'num'], ['Unknown names', 'num'], ['Users', 'num'], ['Last']],
      report.by_ip.map((row) =>
        el('tr', { dataset: { testid: 'failed-ip-row', ip: row.ip } }, cell('Address', el('span', { className: 'mono', text: row.ip })), cell('Failures', count(row.failures), 'num strong'),
          cell('Unknown names', count(row.unknown_names), 'num'), cell('Users', count(row.users), 'num'), cell('Last', timeEl(row.last_at))),
      ),
      'No failed logins in the last 24 hours.',
    ),
  );
  $('failed-by-user').replaceChildren(
    table(
      'failed-by-user-table',
      [['User'], ['Failures', 'num'], ['Addresses', 'num'], ['Last']],
      report.by_user.map((row) =>
        el('tr', { dataset: { testid: 'failed-user-row', userId: row.user_id } }, cell('User', idButton(row.user_id, 'user')), cell('Failures', count(row.failures), 'num strong'),
          cell('Addresses', count(row.ips), 'num'), cell('Last', timeEl(row.last_at))),
      ),
      'No user had a failed login in the last 24 hours.',
    ),
  );
}

function lookup(s) {
  const form = $('lookup-form');
  const result = $('lookup-result');
  const state = $('lookup-state');
  let run = 0;
  const go = async () => {
    const id = $('lookup-id').value.trim();
    if (!id) return;
    const chosen = $('lookup-kind').value;
    const kind = chosen === 'auto' ? (id.startsWith('usr_') ? 'user' : 'token') : chosen;
    const mine = ++run;
    result.setAttribute('aria-busy', 'true');
    setState(state, 'loading', kind === 'user' ? `Loading the tokens of ${id}…` : `Loading the activity of ${id}…`);
    try {
      const body = kind === 'user' ? await s.api(`/api/v1/activity/users/${encodeURIComponent(id)}`) : { tokens: [await s.api(`/api/v1/activity/tokens/${encodeURIComponent(id)}`)] };
      if (mine !== run) return;
      if (body.tokens.length === 0) {
        result.hidden = true;
        setState(state, 'empty', `${id} has no tokens or API keys on record. Check the id, or wait a moment if the user was just created.`);
      } else {
        setState(state, 'info', kind === 'user' ? `${body.tokens.length} credential${body.tokens.length === 1 ? '' : 's'} of ${id}, newest first.` : `Activity of ${id}.`);
        result.replaceChildren(activityTable(body.tokens, ['token', 'user', 'client', 'note', 'status', 'issued', 'expires', 'uses', 'first', 'last', 'ip', 'agent'], 'lookup'));
        result.hidden = false;
      }
    } catch (error) {
      if (s.stopped || isAbort(error) || mine !== run) return;
      result.hidden = true;
      setState(state, error.status === 404 ? 'empty' : 'error', error.status === 404 ? `${error.message}` : `${describeFailure('The lookup', error)} Look up again to retry.`);
    } finally {
      if (mine === run) result.removeAttribute('aria-busy');
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void go();
  });
  // Any id on the page opens its activity here.
  const open = (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-lookup]') : null;
    if (!target || !$('dashboard').contains(target)) return;
    $('lookup-id').value = target.dataset.id;
    $('lookup-kind').value = target.dataset.lookup;
    void go();
    form.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };
  document.addEventListener('click', open);
  s.onStop(() => document.removeEventListener('click', open));
}

// ---------------------------------------------------------------------------------------------------------------
// Audit log search

function auditLog(s) {
  const form = $('log-form');
  const table = $('log-table');
  const rows = $('log-rows');
  const more = $('log-more');
  const state = $('log-state');
  let cursor = null;
  let query = '';
  let shown = 0;
  let run = 0;

  const filters = () => {
    const params = new URLSearchParams();
    const value = (id) => $(id).value.trim();
    for (const [id, name] of [['log-user', 'user_id'], ['log-token', 'token_id'], ['log-type', 'type'], ['log-client', 'client_type']]) if (value(id)) params.set(name, value(id));
    for (const [id, name] of [['log-from', 'from'], ['log-to', 'to']]) {
      if (!value(id)) continue;
      const date = new Date(value(id));
      if (Number.isNaN(date.getTime())) throw new Error(`${name} is not a date and time.`);
      params.set(name, date.toISOString());
    }
    if (params.has('from') && params.has('to') && params.get('from') >= params.get('to')) throw new Error('"From" must be before "To".');
    return params;
  };

  const load = async (append) => {
    const mine = ++run;
    const params = new URLSearchParams(query);
    params.set('limit', String(logPageSize));
    if (append && cursor) params.set('cursor', cursor);
    table.dataset.state = 'loading';
    table.setAttribute('aria-busy', 'true');
    more.disabled = true;
    if (!append) setState(state, 'loading', 'Searching…');
    try {
      const page = await s.api(`/api/v1/audit-log?${params}`);
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
      $('log-summary').textContent = shown === 0 ? '' : `${number.format(shown)} event${shown === 1 ? '' : 's'}${cursor ? ', more available' : ''}${filtered ? ', filtered' : ''}`;
      table.dataset.query = query;
      table.dataset.state = 'ready';
    } catch (error) {
      if (s.stopped || isAbort(error) || mine !== run) return;
      table.dataset.state = 'error';
      setState(state, 'error', `${describeFailure(append ? 'Loading more of the audit log' : 'Searching the audit log', error)} ${append ? 'Press “Load more” to retry.' : 'Search again to retry.'}`);
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
      setState(state, 'error', error.message);
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
function filterChoices(s) {
  const offer = (select, values) => {
    select.replaceChildren(select.options[0], ...values.map((value) => el('option', { text: value })));
    select.dataset.state = 'ready';
  };
  poll(s, {
    what: 'The filter choices',
    state: $('log-choices-state'),
    load: () => s.api('/api/v1/vocabulary'),
    render: (vocabulary) => {
      offer($('log-type'), vocabulary.event_types);
      offer($('log-client'), vocabulary.client_types);
    },
  });
}

function logRow(event) {
  const data = event.data ?? {};
  const facts = factsOf(data);
  const raw = el('details', { className: 'raw' }, el('summary', { text: 'JSON' }), el('pre', { text: JSON.stringify({ ...event, data }, null, 2) }));
  return el(
    'tr',
    { dataset: { testid: 'log-row', eventId: event.event_id, type: event.type, tokenId: data.token_id ?? data.api_key } },
    el('td', { className: 'nowrap', attrs: { 'data-label': 'Time' } }, timeEl(event.occurred_at, { exact: 'inline' })),
    el('td', { attrs: { 'data-label': 'Type' } }, typeBadge(event.type)),
    el('td', { attrs: { 'data-label': 'User' } }, event.user_id ? idButton(event.user_id, 'user') : el('span', { className: 'muted', text: '—' })),
    el('td', { attrs: { 'data-label': 'Client' } }, event.client_type ? el('span', { className: 'chip small', text: event.client_type }) : el('span', { className: 'muted', text: '—' })),
    el('td', { className: 'facts-cell', attrs: { 'data-label': 'Details' } }, el('div', { className: 'event-facts' }, ...facts)),
    el('td', { attrs: { 'data-label': 'Data' } }, raw),
  );
}

// ---------------------------------------------------------------------------------------------------------------

const saved = sessionStorage.getItem(credentialKey);
if (saved) startSession(saved);
else showSignIn();
