import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './repo-root.ts';

const debianChromium = '/usr/bin/chromium';
const installer = 'infra/local/ensure-chromium';

/** Under `.tessera/` (git-ignored), which outlives the test process, so a failed run's pictures can be looked at. */
export const screenshotDirectory = path.join(repoRoot, '.tessera', 'screenshots');

/** The Chromium to drive: `CHROMIUM_PATH` when set, else Debian's package. Throws naming the fix when it is missing. */
function chromiumExecutable(): string {
  const executable = process.env.CHROMIUM_PATH || debianChromium;
  if (isExecutableFile(executable)) return executable;
  const cause = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${executable} is not an executable file` : `${executable} is missing`;
  throw new Error(
    `cannot launch Chromium for a browser test: ${cause}. Fix: bash ${installer} (npm test runs it; it installs ` +
      `Debian's chromium with apt), or export CHROMIUM_PATH=<a Chromium executable>`,
  );
}

/**
 * Launches the installed Chromium headless through playwright-core, which never downloads a browser of its own.
 * The caller closes it.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumExecutable();
  // Loaded on first launch: it adds about 0.25 s and 50 MB to every process, and most importers of this lib never
  // open a browser.
  const { chromium } = await import('playwright-core');
  // No sandbox (Playwright then passes --no-sandbox): Chromium refuses to run as root with it, and inside a
  // container it would need user namespaces or the setuid chromium-sandbox helper, which are seldom there. The
  // tests only load pages they serve themselves. A container's small /dev/shm is already handled: Playwright always
  // passes --disable-dev-shm-usage.
  return chromium.launch({ executablePath, headless: true, chromiumSandbox: false });
}

/** Saves a full-page PNG as `<screenshotDirectory>/<name>.png` (directories made as needed) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = path.join(screenshotDirectory, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
