import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, saveScreenshot, screenshotDirectory } from './browser.ts';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The inline script asks the server for the status; the server holds the answer back until the test releases it,
// so the test sees the page both before and after the script changes it, without guessing at timings.
const html = `<!doctype html>
<title>browser harness</title>
<p id="status">waiting</p>
<script>
  fetch('/status').then((response) => response.text()).then((text) => {
    document.getElementById('status').textContent = text;
  });
</script>`;

describe('launchChromium', () => {
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  after(async () => {
    server?.close(); // first: it cannot throw, so a failing browser.close() leaves no open handle behind
    await browser?.close();
  });

  it('drives a page served by the test in headless Chromium, waits for its script and saves a screenshot', async () => {
    server = await startPageServer();
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(server.url);
    const status = page.locator('#status');
    assert.equal(await status.textContent(), 'waiting');

    server.release();
    await status.filter({ hasText: 'ready' }).waitFor();

    const name = 'browser-harness';
    rmSync(path.join(screenshotDirectory, `${name}.png`), { force: true }); // only this run's picture counts
    const file = await saveScreenshot(page, name);
    assert.equal(path.dirname(file), screenshotDirectory);
    const png = readFileSync(file);
    assert.ok(png.length > pngSignature.length, `${file} is empty`);
    assert.deepEqual(png.subarray(0, pngSignature.length), pngSignature, `${file} is not a PNG`);
  });
});

interface PageServer {
  url: string;
  /** Answers the page's status request, now or, if it has not arrived yet, as soon as it does. */
  release(): void;
  close(): void;
}

async function startPageServer(): Promise<PageServer> {
  let released = false;
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => {
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (request.url !== '/status') response.writeHead(404).end();
    else if (released) response.end('ready');
    else held.push(response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error(`unexpected server address ${String(address)}`);
  return {
    url: `http://127.0.0.1:${address.port}/`,
    release() {
      released = true;
      for (const response of held.splice(0)) response.end('ready');
    },
    close() {
      // A status request still held back would otherwise keep the server open.
      server.closeAllConnections();
      server.close();
    },
  };
}
