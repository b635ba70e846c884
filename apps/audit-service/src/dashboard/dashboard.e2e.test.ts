import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { tokenServiceEventTypes } from '@tessera/contracts';
import { clientTypes } from '@tessera/domain';
import { gatewayLogin, launchChromium, saveScreenshot, startPlatform, waitFor, type Platform } from '@tessera/testing';

const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

describe('audit service: the ops dashboard, driven in headless Chromium', () => {
  let platform: Platform;
  let admin: string;
  let browser: Browser | undefined;

  before(async () => {
    platform = await startPlatform('audit_dashboard', { services: ['token-service', 'audit-service', 'gateway'] });
    admin = await gatewayLogin(platform.urls.gateway);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /**
   * A fresh page on the dashboard that records what would go unseen: script errors, and console errors, which is
   * where Chromium reports a refused resource or a Content-Security-Policy violation.
   */
  async function openDashboard(viewport: { width: number; height: number }) {
    const page = await browser!.newPage({ viewport });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    const response = await page.goto(`${platform.urls.audit}/dashboard`);
    assert.equal(response?.status(), 200);
    return { page, problems, navigations: () => navigations };
  }

  async function signIn(page: Page, credential: string) {
    await page.getByTestId('signin-token').fill(credential);
    await page.getByTestId('signin-submit').click();
  }

  it('signs in, shows an event caused through the gateway and who caused it without a reload, filters the log, and runs without errors', async () => {
    const { page, problems, navigations } = await openDashboard(desktop);
    const csp = (await page.request.get(`${platform.urls.audit}/dashboard`)).headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);

    // A wrong password through the gateway, projected before the page first asks for the failed-logins report.
    const guess = await fetch(`${platform.urls.gateway}/api/v1/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'a-wrong-guess' }),
    });
    assert.equal(guess.status, 401);
    await waitFor(
      async () => {
        const report = await fetch(`${platform.urls.audit}/api/v1/reports/failed-logins?hours=1`, { headers: { authorization: `Token ${admin}` } });
        return ((await report.json()) as { by_user: unknown[] }).by_user.length === 1;
      },
      { timeoutMs: 20_000, description: 'the failed login projected' },
    );

    await signIn(page, admin);
    await page.locator('[data-testid=live-status][data-state=live]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=failed-ip-row][data-ip="127.0.0.1"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('failed-user-row').count(), 1, 'the admin, aimed at once');
    // The reports ask for the server's default windows and name them from its answers, and the headline cards (built by
    // the page) count the same failure.
    assert.equal(await page.locator('#failed-window').textContent(), 'the last 24 hours, by address and by the user aimed at');
    await page.locator('#stale-window', { hasText: 'active, unused for 30 days or never' }).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=card-failed].alert #metric-failed', { hasText: /^1$/ }).waitFor({ timeout: 15_000 });
    const loaded = navigations();
    await page.evaluate(() => Object.assign(globalThis, { dashboardMarker: 'never reloaded' }));

    const note = `dashboard-e2e-${randomBytes(6).toString('hex')}`;
    const issued = await fetch(`${platform.urls.gateway}/api/v1/auth/tokens/`, {
      method: 'POST',
      headers: { authorization: `Token ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note }),
    });
    assert.equal(issued.status, 201);
    const { id } = (await issued.json()) as { id: string };

    const row = page.locator(`[data-testid=live-events] [data-testid=live-event][data-type=TokenIssued][data-token-id="${id}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.match((await row.textContent()) ?? '', new RegExp(note));
    const me = (await (await fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${admin}` } })).json()) as { pk: string };
    const actor = row.getByTestId('actor');
    assert.equal(await actor.getAttribute('data-actor'), me.pk, 'the event names who acted');
    assert.match((await actor.textContent()) ?? '', /^by usr_\S+ with token tok_/);
    assert.equal(await page.evaluate(() => (globalThis as { dashboardMarker?: string }).dashboardMarker), 'never reloaded');
    assert.equal(navigations(), loaded, 'the page did not navigate');

    // The filters offer exactly the domain's client types and the events' contract's types: a list copied into the
    // page, and drifted from them (as `qgis` for `qfieldsync` once), fails here.
    const offered = (testid: string) =>
      page.locator(`[data-testid=${testid}][data-state=ready] option:not([value=""])`).evaluateAll((options) => options.map((option) => option.textContent));
    await page.locator('[data-testid=log-client][data-state=ready]').waitFor({ timeout: 15_000 });
    assert.deepEqual(await offered('log-client'), [...clientTypes]);
    assert.deepEqual(await offered('log-type'), tokenServiceEventTypes);

    await page.getByTestId('log-type').selectOption('TokenIssued');
    await page.getByTestId('log-search').click();
    await page.locator('[data-testid=log-table][data-state=ready][data-query="type=TokenIssued"]').waitFor({ timeout: 15_000 });
    const types = await page.getByTestId('log-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-type')));
    assert.ok(types.length > 0);
    assert.deepEqual(new Set(types), new Set(['TokenIssued']));
    assert.equal(await page.locator(`[data-testid=log-row][data-token-id="${id}"]`).count(), 1, 'the new token is among the filtered rows');
    assert.equal(await page.locator(`[data-testid=log-row][data-token-id="${id}"] [data-testid=actor]`).getAttribute('data-actor'), me.pk);

    // From the top, so the sticky bar sits at the top of the picture; after the charts' resize at the phone's width.
    // (Expressions as strings: they run in the page, and this project's TypeScript knows no DOM.)
    const settled = () => page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await page.evaluate('scrollTo(0, 0)');
    await saveScreenshot(page, 'audit-dashboard');
    await page.setViewportSize(phone);
    await settled();
    await saveScreenshot(page, 'audit-dashboard-phone');

    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows the API\'s refusal of a wrong token on the sign-in form, and stays there', async () => {
    const wrong = 'tst_not-a-token-of-ours';
    const refusal = await fetch(`${platform.urls.audit}/api/v1/audit-log?limit=1`, { headers: { authorization: `Token ${wrong}` } });
    const { message } = (await refusal.json()) as { message: string };
    assert.equal(refusal.status, 401);

    const { page, problems } = await openDashboard(phone);
    await signIn(page, wrong);
    await page.getByTestId('signin-error').filter({ hasText: message }).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('dashboard').isHidden(), true);
    // Chromium logs every refused request; this refusal is the one expected.
    assert.deepEqual(problems.filter((problem) => !/status of 401/.test(problem)), []);
    await page.close();
  });
});
