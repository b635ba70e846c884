import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { gatewayCall, gatewayLogin, launchChromium, saveScreenshot, startPlatform, testPassword, uniqueName, waitFor, type Platform } from '@tessera/testing';

const desktop = { width: 1280, height: 800 };
const phone = { width: 375, height: 812 };
// Chromium logs every refused fetch as a console error; these are the refusals each test provokes on purpose.
const expectedRefusal = /Failed to load resource: the server responded with a status of (400|401)/;

/** The web console (ADR 13) in headless Chromium against the real services, signed in by a browser session. */
describe('gateway: the web console, driven in headless Chromium', () => {
  let platform: Platform;
  let browser: Browser | undefined;
  let admin: string;
  let user: { username: string; password: string };

  const newUser = async (prefix: string) => {
    const username = uniqueName(prefix);
    const password = testPassword(username);
    const created = await gatewayCall(platform.urls.gateway, 'POST', '/api/v1/admin/users/', admin, { username, password, email: `${username}@example.com`, roles: ['user'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { username, password };
  };

  before(async () => {
    platform = await startPlatform('gateway_console', { services: ['token-service', 'audit-service', 'gateway'] });
    admin = await gatewayLogin(platform.urls.gateway, { userAgent: 'cli|console-e2e' });
    user = await newUser('console');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /** A fresh browser context (no cookie) on /console, recording script errors and console errors. */
  async function openConsole(viewport: { width: number; height: number }) {
    const context = await browser!.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    const response = await page.goto(`${platform.urls.gateway}/console`);
    assert.equal(response?.status(), 200);
    await page.getByTestId('signin').waitFor();
    return { page, problems, close: () => context.close() };
  }

  async function signIn(page: Page, login: string, password: string) {
    await page.getByTestId('signin-login').fill(login);
    await page.getByTestId('signin-password').fill(password);
    await page.getByTestId('signin-submit').click();
  }

  const tokenRow = (page: Page, id: string) => page.locator(`[data-testid=token-row][data-token-id="${id}"]`);

  it('signs in wrong then right, creates a token that a real client uses, revokes it, and signs out', async () => {
    const { page, problems, close } = await openConsole(desktop);
    const headers = (await page.request.get(`${platform.urls.gateway}/console`)).headers();
    assert.match(headers['content-security-policy'] ?? '', /script-src 'self'/);
    assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.doesNotMatch(headers['content-security-policy'] ?? '', /unsafe-inline/);
    const api = (await page.request.get(`${platform.urls.gateway}/api/v1/auth/user/`)).headers();
    assert.equal(api['content-security-policy'], "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'", 'the API keeps its own policy');

    await page.getByTestId('signin-submit').click();
    assert.equal(await page.locator('#signin-login-error').textContent(), 'Enter your username or email.');
    assert.equal(await page.getByTestId('signin-login').getAttribute('aria-invalid'), 'true');
    await signIn(page, user.username, 'not-the-password');
    await page.getByTestId('signin-error').filter({ hasText: 'Unable to log in with provided credentials.' }).waitFor();
    assert.equal(await page.getByTestId('tokens').isHidden(), true);

    await signIn(page, `${user.username}@example.com`, user.password);
    await page.locator('[data-testid=tokens][data-state=ready]').waitFor();
    assert.equal(await page.getByTestId('who').textContent(), `Signed in as ${user.username}`);
    assert.equal(await page.getByTestId('token-row').count(), 1, 'only the session\'s own browser token');
    assert.equal(await page.getByTestId('revoke').count(), 0, 'the session\'s own token is not offered for revoking');

    // A policy the form reads as JSON but the API refuses is shown beside the policy field.
    await page.getByTestId('create-link').click();
    await page.getByTestId('create-note').fill('nightly backup');
    await page.getByTestId('create-policy').fill('{"resources": ');
    await page.getByTestId('create-submit').click();
    await page.locator('#create-policy-error', { hasText: 'Write the policy as JSON' }).waitFor();
    await page.getByTestId('create-policy').fill('{"resources": {"*": {"allow": ["FETCH"]}}}');
    await page.getByTestId('create-submit').click();
    await page.locator('#create-policy-error', { hasText: /policy/i }).waitFor();
    assert.equal(await page.getByTestId('created').isHidden(), true);

    await page.getByTestId('create-policy').fill('');
    await page.getByTestId('create-expiry').selectOption('7d');
    await page.getByTestId('create-submit').click();
    const shown = page.getByTestId('created-token');
    await shown.waitFor();
    const token = (await shown.textContent()) ?? '';
    assert.match(token, /^\S{20,}$/);
    assert.ok(!page.url().includes(token), 'the token is not in the URL');
    await saveScreenshot(page, 'console-token-created');

    const me = await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { username: string }).username, user.username);

    await page.getByTestId('created-done').click();
    await page.locator('[data-testid=tokens][data-state=ready]').waitFor();
    assert.ok(!(await page.content()).includes(token), 'the token left the page with its view');
    const created = (await gatewayCall(platform.urls.gateway, 'GET', '/api/v1/auth/tokens/', token)).body as unknown as Array<{ id: string; note: string; masked: string }>;
    const id = created.find((entry) => entry.note === 'nightly backup')!.id;
    const row = tokenRow(page, id);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    for (const part of ['nightly backup', 'sdk', created.find((entry) => entry.id === id)!.masked]) assert.ok(rowText.includes(part), `the row shows ${part}: ${rowText}`);
    // The list's last use comes from the audit service, once it has projected the call above.
    await waitFor(
      async () => {
        await page.reload();
        await page.locator('[data-testid=tokens][data-state=ready]').waitFor();
        return (await row.locator('td[data-label="Last used"] time').count()) === 1;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'the token\'s use shown as its last use' },
    );
    await saveScreenshot(page, 'console-tokens');

    await row.getByTestId('revoke').click();
    const dialog = page.getByTestId('revoke-dialog');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /nightly backup/);
    await page.getByTestId('revoke-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await row.count(), 1, 'cancelled: still there');
    await row.getByTestId('revoke').click();
    await page.getByTestId('revoke-confirm').click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('notice').filter({ hasText: 'Revoked “nightly backup”.' }).waitFor();
    const refused = await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(refused.status, 401);

    await page.getByTestId('sign-out').click();
    await page.getByTestId('notice').filter({ hasText: 'You are signed out.' }).waitFor();
    assert.equal((await page.request.get(`${platform.urls.gateway}/console/session`)).status(), 401);
    await page.reload();
    await page.getByTestId('signin').waitFor();
    assert.equal(await page.getByTestId('tokens').isHidden(), true);

    assert.deepEqual(problems.filter((problem) => !expectedRefusal.test(problem)), []);
    await close();
  });

  it('shows the lockout as the API words it, after failed sign-ins on the page', async () => {
    const locked = await newUser('console-locked');
    const { page, problems, close } = await openConsole(desktop);
    // LOGIN_MAX_FAILURES is 5 unless configured: the fifth failure is answered with the lockout. Each submit hides the
    // last refusal before it is answered.
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signIn(page, locked.username, `wrong-${attempt}`);
      await page.getByTestId('signin-error').filter({ hasText: 'Unable to log in with provided credentials.' }).waitFor();
    }
    await signIn(page, locked.username, 'wrong-5');
    await page.locator('[data-testid=signin-error]:not([hidden])').waitFor();
    const api = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(locked) });
    const { code, message } = (await api.json()) as { code: string; message: string };
    assert.equal(code, 'too_many_failed_login_attempts');
    await page.getByTestId('signin-error').filter({ hasText: message }).waitFor();
    // The right password too, while the name is locked.
    await signIn(page, locked.username, locked.password);
    await page.getByTestId('signin-error').filter({ hasText: message }).waitFor();
    assert.equal(await page.getByTestId('tokens').isHidden(), true);
    assert.deepEqual(problems.filter((problem) => !expectedRefusal.test(problem)), []);
    await close();
  });

  it('works at a phone\'s width by keyboard alone, and shows dates in the reader\'s time zone', async () => {
    const { page, problems, close } = await openConsole(phone);
    // The page focuses the first field; the rest is typing, Tab and Enter.
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=tokens][data-state=ready]').waitFor();
    const row = page.getByTestId('token-row').first();
    const created = await row.locator('time').first().getAttribute('datetime');
    const expected = await page.evaluate(
      `new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(${JSON.stringify(created)}))`,
    );
    assert.equal(await row.locator('time').first().textContent(), expected);
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), phone.width, 'nothing wider than the phone');
    await saveScreenshot(page, 'console-tokens-phone');

    await page.getByTestId('nav-new').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('create').waitFor();
    assert.equal(await page.evaluate('document.activeElement.id'), 'create-note', 'the form takes the focus');
    await saveScreenshot(page, 'console-create-phone');

    assert.deepEqual(problems.filter((problem) => !expectedRefusal.test(problem)), []);
    await close();
  });
});
