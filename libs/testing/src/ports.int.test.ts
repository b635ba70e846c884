import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort } from './ports.ts';

describe('freePort', () => {
  it('returns a port that can then be listened on', async () => {
    const port = await freePort();
    assert.ok(port > 0 && port < 65_536);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
